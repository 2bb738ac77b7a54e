package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The Node object and its liveness: registration with capacity and the 127.0.0.1 address, then
 * every heartbeat a fresh Ready condition and a renewed Lease in kube-node-lease — the two signals
 * the node lifecycle controller reads, so it never taints the node NotReady and evicts its pods.
 */
final class NodeRegistration {
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final int LEASE_SECONDS = 40;

  private final KubernetesClient client;
  private final String name;
  private final Map<String, Quantity> capacity;
  private final Instant since = Instant.now();

  NodeRegistration(KubernetesClient client, String name, Map<String, Quantity> capacity) {
    this.client = client;
    this.name = name;
    this.capacity = capacity;
  }

  void register() {
    Node existing = client.nodes().withName(name).get();
    if (existing == null) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .addToLabels("kubernetes.io/hostname", name)
                  .addToLabels("kubernetes.io/os", "linux")
                  .addToLabels("kubernetes.io/arch", arch())
                  .addToLabels("node.kubernetes.io/instance-type", "cadang-local")
                  .endMetadata()
                  .withStatus(status(Instant.now()))
                  .build())
          .create();
    }
    heartbeat();
  }

  /** Ready again, now; and the Lease renewed. */
  void heartbeat() {
    Instant now = Instant.now();
    NodeStatus status = status(now);
    client
        .nodes()
        .withName(name)
        .editStatus(
            n -> {
              n.setStatus(status);
              return n;
            });
    renewLease(now);
  }

  NodeStatus status(Instant now) {
    String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String up = since.truncatedTo(ChronoUnit.SECONDS).toString();
    List<NodeCondition> conditions =
        List.of(
            condition("Ready", "True", "KubeletReady", "local node stand-in is running", t, up),
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory", null, t, up),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", null, t, up),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", null, t, up));
    return new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withConditions(conditions)
        .withAddresses(
            new NodeAddress(FieldPaths.POD_IP, "InternalIP"), new NodeAddress(name, "Hostname"))
        .withNewNodeInfo()
        .withArchitecture(arch())
        .withOperatingSystem("linux")
        .withKubeletVersion("v1.34.4-cadang-local")
        .withContainerRuntimeVersion("cadang-local://processes")
        .withKernelVersion(System.getProperty("os.version"))
        .withOsImage("local processes (no container runtime)")
        .withMachineID("")
        .withSystemUUID("")
        .withBootID("")
        .withKubeProxyVersion("")
        .endNodeInfo()
        .build();
  }

  private void renewLease(Instant now) {
    ZonedDateTime renew = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
    Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
    if (lease == null) {
      Node node = client.nodes().withName(name).get();
      client
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(LEASE_NAMESPACE)
                  .addNewOwnerReference()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(name)
                  .withUid(node.getMetadata().getUid())
                  .endOwnerReference()
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity(name)
                  .withLeaseDurationSeconds(LEASE_SECONDS)
                  .withRenewTime(renew)
                  .endSpec()
                  .build())
          .create();
      return;
    }
    client
        .leases()
        .inNamespace(LEASE_NAMESPACE)
        .withName(name)
        .edit(
            l -> {
              l.getSpec().setRenewTime(renew);
              l.getSpec().setHolderIdentity(name);
              return l;
            });
  }

  private static NodeCondition condition(
      String type, String status, String reason, String message, String heartbeat, String since) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastHeartbeatTime(heartbeat)
        .withLastTransitionTime(since)
        .build();
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }
}
