package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.e2e.Await;
import io.cadang.e2e.ControlPlane;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node stand-in on a real kube-apiserver and kube-controller-manager: the real Job controller
 * drives Job status from the pods it runs; env, volumes, claims and projected tokens reach the
 * processes; deletion kills them. The {@code e2e/sh} image runs {@code sh -c ARGS}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalNodeE2E {
  private static final String SH = "e2e/sh";
  private static final String CADANG = "ghcr.io/cadang/cadang:0.1.0";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path work;
  private static ControlPlane controlPlane;
  private static LocalNode node;
  private static KubernetesClient client;

  @BeforeAll
  static void startClusterAndNode() throws Exception {
    Path jar = ControlPlane.repository().resolve("operator/app/target/cadang.jar");
    assertTrue(
        Files.isRegularFile(jar),
        "build the jar first: mvn -pl operator/app -am install -DskipTests (" + jar + ")");
    controlPlane = ControlPlane.start(work.resolve("cluster"));
    node =
        new LocalNode(
                LocalNodeConfig.of(
                        controlPlane.kubeconfig(), work.resolve("node"), ControlPlane.repository())
                    .withImage(SH, List.of("sh", "-c"))
                    .withRestartBackoff(Duration.ofSeconds(1)))
            .start();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(controlPlane.kubeconfig().toFile()))
            .build();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void jobRunningCadangVersionIsCompleteByTheJobController() {
    String ns = namespace("job-ok");
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .resource(job("version", CADANG, List.of("cadang"), List.of("--version")))
        .create();

    JobCondition complete = awaitJobCondition(ns, "version", "Complete");

    assertEquals("True", complete.getStatus());
    Job job = client.batch().v1().jobs().inNamespace(ns).withName("version").get();
    assertEquals(1, job.getStatus().getSucceeded());
    Pod pod = onlyPod(ns, "version");
    assertEquals("Succeeded", pod.getStatus().getPhase());
    ContainerStateTerminated t = terminated(pod);
    assertEquals(0, t.getExitCode());
    assertEquals("Completed", t.getReason());
    assertTrue(
        readLog(ns, pod, "agent").startsWith("cadang "),
        "the jar printed its version: " + readLog(ns, pod, "agent"));
  }

  @Test
  void jobExitingThreeIsFailedWithItsTerminationMessage() {
    String ns = namespace("job-fail");
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .resource(
            job("three", SH, null, List.of("echo 'disk full' > /dev/termination-log; exit 3")))
        .create();

    JobCondition failed = awaitJobCondition(ns, "three", "Failed");

    assertEquals("BackoffLimitExceeded", failed.getReason());
    Pod pod = onlyPod(ns, "three");
    assertEquals("Failed", pod.getStatus().getPhase());
    ContainerStateTerminated t = terminated(pod);
    assertEquals(3, t.getExitCode());
    assertEquals("Error", t.getReason());
    assertEquals("disk full\n", t.getMessage());
  }

  @Test
  void podSeesSecretEnvExpandedArgsSecretVolumeAndClaim() throws Exception {
    String ns = namespace("volumes");
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .withStringData(Map.of("user", "alice", "password", "s3cret"))
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    String script =
        "printf '%s|%s|%s|' \"$1\" \"$PGPASSWORD\" \"$(cat /etc/db/password)\""
            + " > /dev/termination-log;"
            + " (touch /etc/db/x 2>/dev/null && echo rw || echo ro) >> /dev/termination-log;"
            + " echo kept > /data/file";
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("reader")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage(SH)
            .withArgs(script, "reader", "--user=$(PGUSER)")
            .addNewEnv()
            .withName("PGUSER")
            .withNewValueFrom()
            .withNewSecretKeyRef("user", "db", false)
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("PGPASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef("password", "db", false)
            .endValueFrom()
            .endEnv()
            .addNewVolumeMount()
            .withName("db")
            .withMountPath("/etc/db")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("data")
            .withMountPath("/data")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("db")
            .withNewSecret()
            .withSecretName("db")
            .endSecret()
            .endVolume()
            .addNewVolume()
            .withName("data")
            .withNewPersistentVolumeClaim()
            .withClaimName("data")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .build();
    client.pods().inNamespace(ns).resource(pod).create();

    Pod done = awaitPodPhase(ns, "reader", "Succeeded");

    assertEquals("--user=alice|s3cret|s3cret|ro\n", terminated(done).getMessage());
    assertEquals("kept\n", Files.readString(node.claimDirectory(ns, "data").resolve("file")));
    assertEquals(
        "Bound",
        client
            .persistentVolumeClaims()
            .inNamespace(ns)
            .withName("data")
            .get()
            .getStatus()
            .getPhase());
    assertFalse(Files.exists(Path.of("/data/file")), "the claim was mounted only inside the pod");
  }

  @Test
  void podCallsTheApiServerWithItsProjectedServiceAccountToken() {
    String ns = namespace("token");
    String sa = "/var/run/secrets/kubernetes.io/serviceaccount";
    String script =
        "curl -sS --cacert "
            + sa
            + "/ca.crt -H \"Authorization: Bearer $(cat "
            + sa
            + "/token)\" -H 'Content-Type: application/json' -X POST -d"
            + " '{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}'"
            + " https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"
            + "/apis/authentication.k8s.io/v1/selfsubjectreviews"
            + " | tr -d ' \\n' | grep -o '\"username\":\"[^\"]*\"' > /dev/termination-log;"
            + " cat "
            + sa
            + "/namespace >> /dev/termination-log";
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("caller")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("main")
                .withImage(SH)
                .withArgs(script)
                .endContainer()
                .endSpec()
                .build())
        .create();

    Pod done = awaitPodPhase(ns, "caller", "Succeeded");

    assertEquals(
        "\"username\":\"system:serviceaccount:" + ns + ":default\"\n" + ns,
        terminated(done).getMessage());
  }

  @Test
  void deletingARunningPodKillsItsProcessesAndRemovesThePod() throws Exception {
    String ns = namespace("delete");
    // Ignores SIGTERM, so only the SIGKILL after the 2 s grace period ends it.
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("stubborn")
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(2L)
                .addNewContainer()
                .withName("main")
                .withImage(SH)
                .withArgs("trap '' TERM; while true; do sleep 1; done")
                .endContainer()
                .endSpec()
                .build())
        .create();
    Pod running = awaitPodPhase(ns, "stubborn", "Running");
    long pid = pidOf(running);
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> children = process.descendants().toList();
    assertTrue(process.isAlive());

    client.pods().inNamespace(ns).withName("stubborn").delete();

    await(
        "pod object deleted",
        () -> client.pods().inNamespace(ns).withName("stubborn").get() == null);
    assertFalse(process.isAlive(), "container process " + pid + " still alive");
    for (ProcessHandle child : children) {
      assertFalse(child.isAlive(), "child " + child.pid() + " still alive");
    }
  }

  @Test
  void podOfAnImageTheNodeCannotRunFailsNamingTheImage() {
    String ns = namespace("image");
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("nginx")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .build())
        .create();

    Pod failed = awaitPodPhase(ns, "nginx", "Failed");

    assertEquals("UnsupportedImage", failed.getStatus().getReason());
    assertTrue(
        failed.getStatus().getMessage().contains("nginx:1.27"), failed.getStatus().getMessage());
  }

  @Test
  void deploymentPodIsRestartedAndReadyThroughItsProbe() {
    String ns = namespace("restart");
    // Exits at once on its first run (no marker yet), then serves a TCP port for the probe.
    int port = freePort();
    String script =
        "if [ ! -f /state/ran ]; then touch /state/ran; exit 1; fi;"
            + " exec /usr/bin/python3 -m http.server "
            + port
            + " --bind 127.0.0.1";
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("server")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Always")
                .addNewContainer()
                .withName("main")
                .withImage(SH)
                .withArgs(script)
                .withNewReadinessProbe()
                .withNewTcpSocket()
                .withNewPort(port)
                .endTcpSocket()
                .withPeriodSeconds(1)
                .endReadinessProbe()
                .addNewVolumeMount()
                .withName("state")
                .withMountPath("/state")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("state")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build())
        .create();

    await(
        "pod ready",
        () -> {
          Pod p = client.pods().inNamespace(ns).withName("server").get();
          return p.getStatus() != null
              && p.getStatus().getConditions() != null
              && p.getStatus().getConditions().stream()
                  .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
    Pod pod = client.pods().inNamespace(ns).withName("server").get();
    var status = pod.getStatus().getContainerStatuses().get(0);
    assertEquals(1, status.getRestartCount());
    assertEquals(1, status.getLastState().getTerminated().getExitCode());
    assertEquals("Running", pod.getStatus().getPhase());
    client.pods().inNamespace(ns).withName("server").delete();
    await("pod deleted", () -> client.pods().inNamespace(ns).withName("server").get() == null);
  }

  @Test
  void initContainersRunFirstAndShareEmptyDirWithTheContainer() {
    String ns = namespace("init");
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("staged")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewInitContainer()
                .withName("first")
                .withImage(SH)
                .withArgs("echo one > /shared/order")
                .addNewVolumeMount()
                .withName("shared")
                .withMountPath("/shared")
                .endVolumeMount()
                .endInitContainer()
                .addNewInitContainer()
                .withName("second")
                .withImage(SH)
                .withArgs("echo two >> /shared/order")
                .addNewVolumeMount()
                .withName("shared")
                .withMountPath("/shared")
                .endVolumeMount()
                .endInitContainer()
                .addNewContainer()
                .withName("main")
                .withImage(SH)
                .withArgs(
                    "cat /shared/order > /dev/termination-log; echo $NODE >> /dev/termination-log")
                .addNewEnv()
                .withName("NODE")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("spec.nodeName")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewVolumeMount()
                .withName("shared")
                .withMountPath("/shared")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("shared")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build())
        .create();

    Pod done = awaitPodPhase(ns, "staged", "Succeeded");

    assertEquals("one\ntwo\ncadang-local-node\n", terminated(done).getMessage());
    assertEquals(2, done.getStatus().getInitContainerStatuses().size());
    for (var init : done.getStatus().getInitContainerStatuses()) {
      assertEquals(0, init.getState().getTerminated().getExitCode());
    }
  }

  @Test
  void podWaitsForAMissingSecretAndRunsOnceItExists() {
    String ns = namespace("late-secret");
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("patient")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("main")
                .withImage(SH)
                .withArgs("printf %s \"$TOKEN\" > /dev/termination-log")
                .addNewEnv()
                .withName("TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef("token", "late", null)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build())
        .create();
    await(
        "CreateContainerConfigError",
        () -> {
          Pod p = client.pods().inNamespace(ns).withName("patient").get();
          return p.getStatus() != null
              && p.getStatus().getContainerStatuses() != null
              && !p.getStatus().getContainerStatuses().isEmpty()
              && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null
              && "CreateContainerConfigError"
                  .equals(
                      p.getStatus()
                          .getContainerStatuses()
                          .get(0)
                          .getState()
                          .getWaiting()
                          .getReason());
        });
    Pod waiting = client.pods().inNamespace(ns).withName("patient").get();
    assertEquals("Pending", waiting.getStatus().getPhase());
    assertEquals(
        "secret \"late\" not found",
        waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage());

    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("late")
                .endMetadata()
                .withStringData(Map.of("token", "t0k"))
                .build())
        .create();

    Pod done = awaitPodPhase(ns, "patient", "Succeeded");
    assertEquals("t0k", terminated(done).getMessage());
  }

  /** Last: it closes the node the other tests share. */
  @Test
  @Order(Integer.MAX_VALUE)
  void closingTheNodeStopsEveryProcessAndLeavesTheApiObjects() {
    String ns = namespace("close");
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("long")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage(SH)
                .withArgs("sleep 600 & sleep 600; wait")
                .endContainer()
                .endSpec()
                .build())
        .create();
    Pod running = awaitPodPhase(ns, "long", "Running");
    long pid = pidOf(running);
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    await("both sleeps started", () -> process.descendants().count() >= 2);
    List<ProcessHandle> children = process.descendants().toList();

    node.close();

    assertFalse(process.isAlive(), "container process " + pid + " outlived the node");
    for (ProcessHandle child : children) {
      assertFalse(child.isAlive(), "child " + child.pid() + " outlived the node");
    }
    Pod after = client.pods().inNamespace(ns).withName("long").get();
    assertEquals("Running", after.getStatus().getPhase(), "the node left the pod as it was");
  }

  // --- given/when helpers

  private static String namespace(String name) {
    String ns = "e2e-" + name;
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    // Pods are admitted once the namespace's default ServiceAccount exists.
    await(
        "default ServiceAccount in " + ns,
        () ->
            client.serviceAccounts().inNamespace(ns).withName("default").get() != null
                && client.configMaps().inNamespace(ns).withName("kube-root-ca.crt").get() != null);
    return ns;
  }

  private static Job job(String name, String image, List<String> command, List<String> args) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("agent")
        .withImage(image)
        .withCommand(command)
        .withArgs(args)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static JobCondition awaitJobCondition(String ns, String name, String type) {
    JobCondition[] found = new JobCondition[1];
    await(
        "Job " + name + " " + type,
        () -> {
          Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
          if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return false;
          }
          for (JobCondition c : job.getStatus().getConditions()) {
            if (c.getType().equals(type) && c.getStatus().equals("True")) {
              found[0] = c;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  private static Pod awaitPodPhase(String ns, String name, String phase) {
    await(
        "pod " + name + " " + phase,
        () -> {
          Pod p = client.pods().inNamespace(ns).withName(name).get();
          return p != null && p.getStatus() != null && phase.equals(p.getStatus().getPhase());
        });
    return client.pods().inNamespace(ns).withName(name).get();
  }

  private static Pod onlyPod(String ns, String job) {
    List<Pod> pods = client.pods().inNamespace(ns).withLabel("job-name", job).list().getItems();
    assertEquals(1, pods.size());
    return pods.get(0);
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    ContainerStateTerminated t =
        pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertTrue(t != null, "container not terminated: " + pod.getStatus());
    return t;
  }

  private static String readLog(String ns, Pod pod, String container) {
    try {
      return Files.readString(node.logFile(ns, pod.getMetadata().getName(), container));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The node stand-in reports a container's process as its container ID. */
  private static long pidOf(Pod running) {
    return Long.parseLong(
        running
            .getStatus()
            .getContainerStatuses()
            .get(0)
            .getContainerID()
            .replace("cadang-local://", ""));
  }

  private static void await(String what, Supplier<Boolean> condition) {
    Await.until(what, TIMEOUT, condition::get);
  }
}
