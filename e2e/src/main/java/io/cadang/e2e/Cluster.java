package io.cadang.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small reads and writes of Cadang's resources through the generic API, as kubectl would. */
final class Cluster {
  private Cluster() {}

  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      cadang(KubernetesClient client, String kind) {
    return client.genericKubernetesResources("cadang.io/v1alpha1", kind);
  }

  /** Creates every document of a YAML text. */
  static void apply(KubernetesClient client, String yaml) {
    client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(item -> client.resource(item).create());
  }

  /** A 1Gi ReadWriteOnce claim; the node stand-in binds it to a directory of its own. */
  static void claim(KubernetesClient client, String namespace, String name) {
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  /** An on-demand BackupRun of {@code policy}, as a user would apply it. */
  static void applyManualRun(
      KubernetesClient client, String namespace, String policy, String name) {
    apply(
        client,
        String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: BackupRun",
            "metadata: {name: " + name + ", namespace: " + namespace + "}",
            "spec:",
            "  policyRef: {name: " + policy + "}",
            "  trigger: Manual",
            ""));
  }

  static List<GenericKubernetesResource> runsOf(
      KubernetesClient client, String namespace, String policy) {
    return cadang(client, "BackupRun")
        .inNamespace(namespace)
        .withLabel("cadang.io/policy", policy)
        .list()
        .getItems();
  }

  /**
   * Waits until the BackupRun or RestoreRequest {@code name} has a final phase (Succeeded or
   * Failed) and returns it; the caller asserts which.
   */
  static GenericKubernetesResource awaitFinished(
      KubernetesClient client, String kind, String namespace, String name, Duration timeout) {
    return Await.until(
        kind + " " + namespace + "/" + name + " to finish",
        timeout,
        () ->
            Optional.ofNullable(cadang(client, kind).inNamespace(namespace).withName(name).get())
                .filter(
                    r ->
                        phase(r)
                            .filter(p -> p.equals("Succeeded") || p.equals("Failed"))
                            .isPresent()));
  }

  /**
   * A value below status, e.g. {@code statusAt(r, "postgres", "stopLsn")}, a number indexing a list
   * ({@code "queries", "0", "value"}); null when absent.
   */
  @SuppressWarnings("unchecked")
  static Object statusAt(GenericKubernetesResource r, String... path) {
    Object at = status(r);
    for (String key : path) {
      if (at instanceof List<?> list && key.matches("\\d+")) {
        int i = Integer.parseInt(key);
        at = i < list.size() ? list.get(i) : null;
      } else if (at instanceof Map) {
        at = ((Map<String, Object>) at).get(key);
      } else {
        return null;
      }
    }
    return at;
  }

  static Optional<String> phase(GenericKubernetesResource r) {
    return Optional.ofNullable((String) status(r).get("phase"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> status(GenericKubernetesResource r) {
    Object status = r.getAdditionalProperties().get("status");
    return status instanceof Map ? (Map<String, Object>) status : Map.of();
  }

  @SuppressWarnings("unchecked")
  static Optional<Map<String, Object>> condition(GenericKubernetesResource r, String type) {
    Object conditions = status(r).get("conditions");
    if (!(conditions instanceof List)) {
      return Optional.empty();
    }
    return ((List<Map<String, Object>>) conditions)
        .stream().filter(c -> type.equals(c.get("type"))).findFirst();
  }
}
