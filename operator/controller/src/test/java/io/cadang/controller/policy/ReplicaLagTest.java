package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ReplicaStatus;
import io.cadang.api.v1alpha1.ReplicationState;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.controller.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaLagTest {
  private static final Instant NOW = Instant.parse("2026-11-21T03:00:00Z");
  private final List<Repository> replicas =
      List.of(
          Fixtures.replica("west", "http://w", "w", "s"),
          Fixtures.replica("east", "http://e", "e", "s"));

  @Test
  void olderBackupsMissingWhileTheNewestWasCopiedIsLagging() {
    List<BackupRun> runs =
        List.of(
            run("r1", null), // taken before the replica was added
            run("r2", ReplicationState.FAILED),
            run("r3", ReplicationState.REPLICATED));
    runs.get(2)
        .getStatus()
        .setReplication(
            List.of(
                state("west", ReplicationState.REPLICATED),
                state("east", ReplicationState.REPLICATED)));

    List<ReplicaLag.Lag> lags = ReplicaLag.of(replicas, runs);
    Condition c = condition(lags);

    assertEquals(2, lags.get(0).behind());
    assertEquals("ReplicaLagging", c.getReason());
    assertEquals(
        "replicas missing backups, caught up by the next runs: west (2 behind), east (2 behind)",
        c.getMessage());
  }

  @Test
  void theNewestCopyFailingIsReplicaFailedAndFailedOrUnfinishedRunsDoNotCount() {
    BackupRun failedRun = run("r0", null);
    failedRun.getStatus().setPhase(BackupRunPhase.FAILED);
    List<BackupRun> runs = List.of(failedRun, run("r1", ReplicationState.FAILED));
    runs.get(1)
        .getStatus()
        .setReplication(
            List.of(
                state("west", ReplicationState.REPLICATED),
                state("east", ReplicationState.FAILED)));

    List<ReplicaLag.Lag> lags = ReplicaLag.of(replicas, runs);

    assertEquals(0, lags.get(0).behind());
    assertEquals(1, lags.get(1).behind());
    assertEquals("ReplicaFailed", condition(lags).getReason());
  }

  @Test
  void everyKeptBackupInEveryReplicaIsInSync() {
    BackupRun r = run("r1", null);
    r.getStatus()
        .setReplication(
            List.of(
                state("west", ReplicationState.REPLICATED),
                state("east", ReplicationState.REPLICATED)));

    Condition c = condition(ReplicaLag.of(replicas, List.of(r)));

    assertEquals("True", c.getStatus());
    assertEquals("InSync", c.getReason());
  }

  @Test
  void withoutReplicasThereIsNoCondition() {
    assertEquals(List.of(), ReplicaLag.condition(List.of(), List.of(), 1L, NOW));
  }

  private static Condition condition(List<ReplicaLag.Lag> lags) {
    return ReplicaLag.condition(List.of(), lags, 1L, NOW).get(0);
  }

  private static BackupRun run(String name, ReplicationState west) {
    BackupRun run = Fixtures.run(name, "p");
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(BackupRunPhase.SUCCEEDED);
    status.setBackupId(name);
    if (west != null) {
      status.setReplication(List.of(state("west", west)));
    }
    run.setStatus(status);
    return run;
  }

  private static ReplicaStatus state(String repository, ReplicationState state) {
    ReplicaStatus s = new ReplicaStatus();
    s.setRepository(repository);
    s.setState(state);
    return s;
  }
}
