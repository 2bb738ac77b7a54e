package io.cadang.controller.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.PostgresFacts;
import io.cadang.api.v1alpha1.RecoveryWindow;
import io.cadang.controller.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryWindowsTest {

  @Test
  void spansFromTheOldestKeptBaseBackupToTheNewestArchivedPoint() {
    List<BackupRun> bases =
        PhysicalBackups.succeeded(
            List.of(
                physical("b", "2026-11-21T02:01:00Z"),
                physical("a", "2026-11-20T02:01:00Z"),
                logical("l", "2026-11-19T02:01:00Z")));

    RecoveryWindow w = RecoveryWindows.of(bases, Instant.parse("2026-11-21T10:00:05Z"));

    assertEquals("2026-11-20T02:01:00Z", w.getEarliest());
    assertEquals("2026-11-21T10:00:05Z", w.getLatest());
    assertTrue(RecoveryWindows.contains(w, Instant.parse("2026-11-20T02:01:00Z")));
    assertFalse(RecoveryWindows.contains(w, Instant.parse("2026-11-20T02:00:59Z")));
    assertFalse(RecoveryWindows.contains(w, Instant.parse("2026-11-21T10:00:06Z")));
  }

  @Test
  void withoutWalTheNewestBaseBackupIsTheLatestPoint() {
    List<BackupRun> bases =
        PhysicalBackups.succeeded(
            List.of(physical("a", "2026-11-20T02:01:00Z"), physical("b", "2026-11-21T02:01:00Z")));

    assertEquals("2026-11-21T02:01:00Z", RecoveryWindows.of(bases, null).getLatest());
    assertNull(RecoveryWindows.of(List.of(), Instant.parse("2026-11-21T10:00:05Z")));
  }

  static BackupRun physical(String name, String completed) {
    BackupRun run = logical(name, completed);
    PostgresFacts facts = new PostgresFacts();
    facts.setStartLsn("0/2000028");
    facts.setStopLsn("0/2000100");
    facts.setTimeline(1);
    run.getStatus().setPostgres(facts);
    return run;
  }

  static BackupRun logical(String name, String completed) {
    BackupRun run = Fixtures.run(name, "orders");
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(BackupRunPhase.SUCCEEDED);
    status.setCompletionTime(completed);
    status.setBackupId(name);
    run.setStatus(status);
    return run;
  }
}
