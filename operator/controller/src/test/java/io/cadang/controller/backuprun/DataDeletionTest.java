package io.cadang.controller.backuprun;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.CadangApi;
import io.cadang.api.v1alpha1.DeletionPolicy;
import io.cadang.controller.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Data goes only on purpose: the table of who deletes what when a BackupRun is deleted. */
class DataDeletionTest {
  private final BackupPolicy policy = Fixtures.policy("orders", "http://127.0.0.1:1", "b");

  @Test
  void aPlainDeleteUnderTheDefaultRetainKeepsTheDataAndSaysHowToDeleteIt() {
    DataDeletion d = DataDeletion.of(run(null), policy);
    assertFalse(d.delete());
    assertTrue(d.why().contains("imported again at the next sync"), d.why());
    assertTrue(d.why().contains("cadang.io/delete-data=true"), d.why());
  }

  @Test
  void retentionsMarkAndAnAdminsMarkDeleteTheData() {
    assertTrue(DataDeletion.of(run(CadangApi.DELETE_DATA_BY_RETENTION), policy).delete());
    assertTrue(DataDeletion.of(run("true"), policy).delete());
    assertFalse(DataDeletion.of(run("yes please"), policy).delete(), "only \"true\" counts");
  }

  @Test
  void deletionPolicyDeleteDeletesTheDataWithTheRun() {
    policy.getSpec().setDeletionPolicy(DeletionPolicy.DELETE);
    assertTrue(DataDeletion.of(run(null), policy).delete());
  }

  @Test
  void aPolicyBeingDeletedOrGoneNeverTakesTheDataWithIt() {
    policy.getSpec().setDeletionPolicy(DeletionPolicy.DELETE);
    policy.getMetadata().setDeletionTimestamp("2026-11-20T02:00:00Z");
    assertFalse(DataDeletion.of(run("true"), policy).delete());
    assertFalse(DataDeletion.of(run(CadangApi.DELETE_DATA_BY_RETENTION), null).delete());
  }

  private static BackupRun run(String mark) {
    BackupRun run = Fixtures.run("orders-1", "orders");
    Map<String, String> annotations = new HashMap<>();
    if (mark != null) {
      annotations.put(CadangApi.DELETE_DATA_ANNOTATION, mark);
    }
    run.getMetadata().setAnnotations(annotations);
    BackupRunStatus status = new BackupRunStatus();
    status.setBackupId("orders-1");
    run.setStatus(status);
    return run;
  }
}
