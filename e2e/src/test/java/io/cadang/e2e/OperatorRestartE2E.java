package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The operator pod killed while a backup Job runs: the Deployment starts a new one, which adopts
 * the running Job instead of starting another, and the run ends with its full status.
 */
class OperatorRestartE2E {
  private static final String POLICY = "shop-restart";
  private final E2EEnvironment env = E2EEnvironment.get();

  @Test
  void killingTheOperatorMidRunLosesNoStatusAndDuplicatesNoRun() {
    Cluster.apply(env.admin, env.minutelyPolicy(POLICY, "e2e/restart", "shop", ""));
    GenericKubernetesResource running =
        Await.until(
            "a run of " + POLICY + " with its Job started",
            Duration.ofMinutes(3),
            () ->
                Cluster.runsOf(env.admin, E2EEnvironment.APP_NS, POLICY).stream()
                    .filter(
                        r ->
                            Cluster.phase(r)
                                .filter(p -> p.equals("Running") || p.equals("Pending"))
                                .isPresent())
                    .filter(
                        r ->
                            env.admin
                                    .batch()
                                    .v1()
                                    .jobs()
                                    .inNamespace(E2EEnvironment.APP_NS)
                                    .withName(r.getMetadata().getName())
                                    .get()
                                != null)
                    .findFirst());
    String run = running.getMetadata().getName();
    Pod before = operatorPod();
    env.admin
        .pods()
        .inNamespace(E2EEnvironment.SYSTEM_NS)
        .withName(before.getMetadata().getName())
        .withGracePeriod(0)
        .delete();
    Await.until(
        "a new operator pod to be ready",
        Duration.ofMinutes(3),
        () -> {
          Pod now = operatorPod();
          return now != null
              && !now.getMetadata().getUid().equals(before.getMetadata().getUid())
              && now.getStatus().getConditions().stream()
                  .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
    GenericKubernetesResource done =
        Await.until(
            "run " + run + " to finish after the restart",
            Duration.ofMinutes(3),
            () ->
                Optional.ofNullable(
                        Cluster.cadang(env.admin, "BackupRun")
                            .inNamespace(E2EEnvironment.APP_NS)
                            .withName(run)
                            .get())
                    .filter(
                        r ->
                            Cluster.phase(r)
                                .filter(p -> p.equals("Succeeded") || p.equals("Failed"))
                                .isPresent()));
    assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "status: " + Cluster.status(done));
    assertNotNull(Cluster.status(done).get("artifacts"), "artifacts recorded after the restart");
    assertNotNull(Cluster.status(done).get("completionTime"));
    assertEquals(run, Cluster.status(done).get("backupId"));
    // The new operator adopted the running Job: still exactly one Job for the run.
    List<String> jobs =
        env
            .admin
            .batch()
            .v1()
            .jobs()
            .inNamespace(E2EEnvironment.APP_NS)
            .withLabel("cadang.io/backup-run", run)
            .list()
            .getItems()
            .stream()
            .map(j -> j.getMetadata().getName())
            .toList();
    assertEquals(List.of(run), jobs);
    Cluster.cadang(env.admin, "BackupPolicy")
        .inNamespace(E2EEnvironment.APP_NS)
        .withName(POLICY)
        .delete();
  }

  private Pod operatorPod() {
    return env
        .admin
        .pods()
        .inNamespace(E2EEnvironment.SYSTEM_NS)
        .withLabel("app.kubernetes.io/component", "operator")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .findFirst()
        .orElse(null);
  }
}
