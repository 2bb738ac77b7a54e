package io.cadang.controller.backuprun;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.VolumeSnapshotStatus;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.cadang.controller.testing.SnapshotCrd;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * volumeSnapshots runs on the mock API server with the VolumeSnapshot CRD installed; the test plays
 * the CSI snapshot controller by writing the snapshots' status. The mock has no garbage collector,
 * so ownership is asserted through ownerReferences.
 */
class VolumeSnapshotRunIT {
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(Instant.parse("2026-11-21T02:30:00Z"));
    SnapshotCrd.install(h.client);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void aRunCreatesOneOwnedSnapshotPerClaimAndSucceedsWhenAllAreReady() {
    createPolicy("vm", 2, p -> {}, "vm-disk", "vm-logs");
    BackupRun run = h.client.resource(Fixtures.run("vm-manual-1", "vm")).create();
    await("snapshots recorded", () -> snapshots("vm-manual-1").size() == 2);

    GenericKubernetesResource disk = SnapshotCrd.get(h.client, "vm-manual-1-vm-disk");
    assertNotNull(disk, "VolumeSnapshot vm-manual-1-vm-disk");
    Map<?, ?> spec = (Map<?, ?>) disk.getAdditionalProperties().get("spec");
    assertEquals(Map.of("persistentVolumeClaimName", "vm-disk"), spec.get("source"));
    assertEquals("csi-snapclass", spec.get("volumeSnapshotClassName"));
    assertEquals("vm-manual-1", disk.getMetadata().getLabels().get("cadang.io/backup-run"));
    assertEquals("vm", disk.getMetadata().getLabels().get("cadang.io/policy"));
    OwnerReference owner = disk.getMetadata().getOwnerReferences().get(0);
    assertEquals("BackupRun", owner.getKind());
    assertEquals("vm-manual-1", owner.getName());
    assertEquals(run.getMetadata().getUid(), owner.getUid());
    assertEquals(true, owner.getController());
    assertNotNull(SnapshotCrd.get(h.client, "vm-manual-1-vm-logs"));
    assertNull(
        h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("vm-manual-1").get(),
        "a snapshot run creates no Job");

    SnapshotCrd.report(
        h.client, "vm-manual-1-vm-disk", Map.of("readyToUse", true, "restoreSize", "10Gi"));
    await(
        "disk ready in status",
        () ->
            snapshots("vm-manual-1").stream()
                .anyMatch(s -> Boolean.TRUE.equals(s.getReadyToUse())));
    assertEquals(BackupRunPhase.RUNNING, get("vm-manual-1").getStatus().getPhase());

    SnapshotCrd.report(
        h.client, "vm-manual-1-vm-logs", Map.of("readyToUse", true, "restoreSize", "1Gi"));
    BackupRun done = awaitTerminal("vm-manual-1");

    assertEquals(BackupRunPhase.SUCCEEDED, done.getStatus().getPhase());
    assertEquals("volumeSnapshots", done.getStatus().getKind());
    VolumeSnapshotStatus first = done.getStatus().getVolumeSnapshots().get(0);
    assertEquals("vm-disk", first.getClaim());
    assertEquals("vm-manual-1-vm-disk", first.getName());
    assertEquals(true, first.getReadyToUse());
    assertEquals("10Gi", first.getRestoreSize());
    assertNull(done.getStatus().getBackupId(), "nothing in a repository");
  }

  @Test
  void aSnapshotErrorFailsTheRunWithTheDriversMessage() {
    createPolicy("vm-err", 2, p -> {}, "db-disk");
    h.client.resource(Fixtures.run("vm-err-1", "vm-err")).create();
    await("snapshot created", () -> snapshots("vm-err-1").size() == 1);

    SnapshotCrd.report(
        h.client,
        "vm-err-1-db-disk",
        Map.of(
            "readyToUse",
            false,
            "error",
            Map.of("message", "driver.example.com does not support snapshots")));
    BackupRun run = awaitTerminal("vm-err-1");

    assertEquals(BackupRunPhase.FAILED, run.getStatus().getPhase());
    assertEquals("SnapshotFailed", run.getStatus().getFailureReason());
    assertEquals(
        "VolumeSnapshot vm-err-1-db-disk of claim db-disk: driver.example.com does not support"
            + " snapshots",
        run.getStatus().getFailureMessage());
    assertTrue(reasons("vm-err-1").contains("Failed"), reasons("vm-err-1").toString());
  }

  @Test
  void aSnapshotNotReadyWithinTheDeadlineFailsTheRun() {
    createPolicy(
        "vm-slow",
        2,
        p -> {
          JobTemplate job = new JobTemplate();
          job.setActiveDeadlineSeconds(600L);
          p.getSpec().setJob(job);
        },
        "slow-disk");
    h.client.resource(Fixtures.run("vm-slow-1", "vm-slow")).create();
    await("snapshot created", () -> snapshots("vm-slow-1").size() == 1);

    h.clock.advance(Duration.ofMinutes(11));
    BackupRun run = awaitTerminal("vm-slow-1");

    assertEquals("DeadlineExceeded", run.getStatus().getFailureReason());
    assertTrue(
        run.getStatus().getFailureMessage().contains("vm-slow-1-slow-disk not ready to use"),
        run.getStatus().getFailureMessage());
  }

  @Test
  void retentionKeepsTheLastNSuccessfulSnapshotRuns() {
    createPolicy("vm-keep", 2, p -> {}, "data");
    for (int i = 1; i <= 3; i++) {
      String name = "vm-keep-" + i;
      h.client.resource(Fixtures.run(name, "vm-keep")).create();
      await(name + " snapshot", () -> snapshots(name).size() == 1);
      SnapshotCrd.report(h.client, name + "-data", Map.of("readyToUse", true));
      awaitTerminal(name);
      h.clock.advance(Duration.ofMinutes(1));
    }

    await(
        "oldest run deleted by retention",
        () -> runsOf("vm-keep").equals(List.of("vm-keep-2", "vm-keep-3")));
    // The mock has no garbage collector: the deleted run's snapshot remains, owned by it, which on
    // a real API server makes the collector delete it with the run.
    GenericKubernetesResource orphan = SnapshotCrd.get(h.client, "vm-keep-1-data");
    assertEquals("vm-keep-1", orphan.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals(
        "vm-keep-2",
        SnapshotCrd.get(h.client, "vm-keep-2-data")
            .getMetadata()
            .getOwnerReferences()
            .get(0)
            .getName());
    assertTrue(
        policyEvents("vm-keep").stream().anyMatch(m -> m.contains("deleted BackupRun vm-keep-1")),
        policyEvents("vm-keep").toString());
  }

  private static void createPolicy(
      String name, int keep, Consumer<BackupPolicy> customize, String... claims) {
    BackupPolicy policy = Fixtures.snapshotPolicy(name, keep, claims);
    policy.getSpec().setSuspend(true); // only the manual runs of the test
    customize.accept(policy);
    h.client.resource(policy).create();
  }

  private static List<VolumeSnapshotStatus> snapshots(String run) {
    BackupRun r = get(run);
    return r == null || r.getStatus() == null || r.getStatus().getVolumeSnapshots() == null
        ? List.of()
        : r.getStatus().getVolumeSnapshots();
  }

  private static BackupRun awaitTerminal(String name) {
    await(
        name + " terminal",
        () -> {
          BackupRun r = get(name);
          return r != null
              && r.getStatus() != null
              && r.getStatus().getPhase() != null
              && r.getStatus().getPhase().terminal();
        });
    return get(name);
  }

  private static List<String> runsOf(String policy) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(r -> policy.equals(r.getSpec().getPolicyRef().getName()))
        .map(r -> r.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static BackupRun get(String name) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static List<String> reasons(String name) {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  private static List<String> policyEvents(String name) {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getMessage)
        .toList();
  }
}
