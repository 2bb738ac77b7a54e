package io.cadang.controller.backuprun;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster without the VolumeSnapshot CRD: the policy says so and nothing is created. */
class SnapshotApiMissingIT {
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    // Deliberately no SnapshotCrd.install: the snapshot API is not served.
    h = new OperatorHarness(Instant.parse("2026-11-21T02:00:00Z"));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void policyIsNotReadyWithSnapshotApiMissingAndCreatesNoRuns() {
    BackupPolicy policy = Fixtures.snapshotPolicy("vm", 2, "vm-disk");
    policy.getSpec().setSchedule("* * * * *"); // a slot every minute, were it schedulable
    h.client.resource(policy).create();

    await(
        "Ready=False",
        () ->
            ready("vm") != null
                && "False".equals(ready("vm").getStatus())
                && "SnapshotApiMissing".equals(ready("vm").getReason()));
    Condition ready = ready("vm");
    assertTrue(
        ready.getMessage().startsWith("spec.source.volumeSnapshots: the VolumeSnapshot API"),
        ready.getMessage());
    assertTrue(ready.getMessage().contains("snapshot.storage.k8s.io/v1"), ready.getMessage());
    assertEquals(
        "SnapshotApiMissing",
        Conditions.find(policy("vm").getStatus().getConditions(), ConditionType.SCHEDULED)
            .orElseThrow()
            .getReason());
    assertEquals(
        0,
        h.client.resources(BackupRun.class).inNamespace(NAMESPACE).list().getItems().stream()
            .filter(r -> "vm".equals(r.getSpec().getPolicyRef().getName()))
            .count());
  }

  @Test
  void aManualRunFailsWithSnapshotApiMissing() {
    h.client.resource(Fixtures.snapshotPolicy("vm-manual", 2, "vm-disk")).create();
    h.client.resource(Fixtures.run("vm-manual-1", "vm-manual")).create();

    await(
        "run failed",
        () -> {
          BackupRun r = run("vm-manual-1");
          return r.getStatus() != null && r.getStatus().getPhase() == BackupRunPhase.FAILED;
        });
    assertEquals("SnapshotApiMissing", run("vm-manual-1").getStatus().getFailureReason());
  }

  private static Condition ready(String name) {
    BackupPolicy p = policy(name);
    return p == null || p.getStatus() == null
        ? null
        : Conditions.find(p.getStatus().getConditions(), ConditionType.READY).orElse(null);
  }

  private static BackupPolicy policy(String name) {
    return h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static BackupRun run(String name) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
