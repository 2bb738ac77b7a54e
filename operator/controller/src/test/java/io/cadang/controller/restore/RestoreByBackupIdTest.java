package io.cadang.controller.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.RepositorySyncStatus;
import io.cadang.api.v1alpha1.RestoreSource;
import io.cadang.controller.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restore names a backup by its id in the repository, and waits for a sync that may find it. */
class RestoreByBackupIdTest {
  private static final Instant REQUESTED = Instant.parse("2026-11-22T10:00:00Z");
  private final BackupPolicy policy = Fixtures.policy("orders", "http://s3", "bk");

  @Test
  void aBackupIdResolvesToThePolicysRunHoldingItImportedOrNot() {
    BackupRun imported = run("orders-202611200200", "orders");
    BackupRun otherPolicy = run("billing-1", "billing");
    otherPolicy.getStatus().setBackupId("orders-202611200200");

    var found =
        RestoreSources.resolve(
            source("orders-202611200200"), null, policy, List.of(otherPolicy, imported));

    assertEquals(
        "orders-202611200200",
        assertInstanceOf(RestoreSources.Found.class, found).run().getMetadata().getName());
  }

  @Test
  void anIdNotYetImportedWaitsForASyncAfterTheRequestThenFailsForGood() {
    var missing = RestoreSources.resolve(source("gone"), null, policy, List.of());
    assertInstanceOf(RestoreSources.Unresolvable.class, missing);

    var neverSynced =
        RestoreSources.awaitingSync(missing, source("gone"), policy, REQUESTED, REQUESTED);
    var waiting = assertInstanceOf(RestoreSources.Waiting.class, neverSynced);
    assertTrue(waiting.message().contains("waiting for BackupPolicy 'orders'"), waiting.message());

    syncedAt(REQUESTED.minusSeconds(1));
    assertInstanceOf(
        RestoreSources.Waiting.class,
        RestoreSources.awaitingSync(missing, source("gone"), policy, REQUESTED, REQUESTED));

    syncedAt(REQUESTED.plusSeconds(1));
    var failed =
        assertInstanceOf(
            RestoreSources.Unresolvable.class,
            RestoreSources.awaitingSync(missing, source("gone"), policy, REQUESTED, REQUESTED));
    assertEquals(ConditionReason.BACKUP_NOT_FOUND, failed.reason());
    assertTrue(failed.message().contains("backup 'gone' is not in the repositories"));
  }

  @Test
  void aLatestRestoreInANewClusterWaitsInsteadOfFailing() {
    RestoreSource latest = new RestoreSource();
    latest.setPolicy("orders");
    var none = RestoreSources.resolve(latest, null, policy, List.of());
    assertInstanceOf(
        RestoreSources.Waiting.class,
        RestoreSources.awaitingSync(none, latest, policy, REQUESTED, REQUESTED));
  }

  @Test
  void aRequestAppliedBeforeItsPolicyWaitsForItAWhileThenFails() {
    var noPolicy = RestoreSources.resolve(source("x"), null, null, List.of());
    assertInstanceOf(
        RestoreSources.Waiting.class,
        RestoreSources.awaitingSync(
            noPolicy, source("x"), null, REQUESTED, REQUESTED.plusSeconds(60)));
    var failed =
        assertInstanceOf(
            RestoreSources.Unresolvable.class,
            RestoreSources.awaitingSync(
                noPolicy, source("x"), null, REQUESTED, REQUESTED.plusSeconds(121)));
    assertTrue(failed.message().contains("BackupPolicy 'orders' does not exist"), failed.message());
  }

  @Test
  void problemsNoSyncCanFixAreNotHeldBack() {
    RestoreSource named = new RestoreSource();
    named.setBackupRun("nope");
    var missingRun = RestoreSources.resolve(named, null, null, List.of());
    assertInstanceOf(
        RestoreSources.Unresolvable.class,
        RestoreSources.awaitingSync(missingRun, named, policy, REQUESTED, REQUESTED));
  }

  private void syncedAt(Instant at) {
    BackupPolicyStatus status = new BackupPolicyStatus();
    RepositorySyncStatus sync = new RepositorySyncStatus();
    sync.setLastSyncedTime(at.toString());
    status.setSync(sync);
    policy.setStatus(status);
  }

  private static RestoreSource source(String backupId) {
    RestoreSource s = new RestoreSource();
    s.setPolicy("orders");
    s.setBackupId(backupId);
    return s;
  }

  private static BackupRun run(String name, String policy) {
    BackupRun r = Fixtures.run(name, policy);
    BackupRunStatus s = new BackupRunStatus();
    s.setPhase(BackupRunPhase.SUCCEEDED);
    s.setBackupId(name);
    s.setCompletionTime("2026-11-20T02:01:00Z");
    r.setStatus(s);
    return r;
  }
}
