package io.cadang.controller.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.RepositorySync;
import io.cadang.api.v1alpha1.RepositorySyncStatus;
import io.cadang.controller.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncScheduleTest {
  private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

  @Test
  void theIntervalDefaultsToFiveMinutesAndReadsSecondsMinutesHours() {
    BackupPolicy p = policy();
    assertEquals(Duration.ofMinutes(5), SyncSchedule.interval(p));
    for (var c : new String[][] {{"30s", "PT30S"}, {"10m", "PT10M"}, {"2h", "PT2H"}}) {
      p.getSpec().getRepositorySync().setInterval(c[0]);
      assertEquals(Duration.parse(c[1]), SyncSchedule.interval(p));
    }
  }

  @Test
  void aPassIsDueAtTheOperatorsStartOnASpecChangeAndAfterTheInterval() {
    BackupPolicy p = policy();
    BackupPolicyStatus status = syncedAt(T0);
    Set<String> started = Set.of("uid-1");

    assertTrue(SyncSchedule.due(p, status, T0, Set.of()), "first pass of this process");
    assertFalse(SyncSchedule.due(p, status, T0.plusSeconds(299), started));
    assertTrue(SyncSchedule.due(p, status, T0.plusSeconds(300), started));
    p.getMetadata().setGeneration(2L);
    assertTrue(SyncSchedule.due(p, status, T0.plusSeconds(1), started), "spec changed");
    assertEquals(Duration.ofSeconds(200), SyncSchedule.until(p, status, T0.plusSeconds(100)));
    assertTrue(SyncSchedule.due(p, new BackupPolicyStatus(), T0, started), "never synced");
  }

  private static BackupPolicy policy() {
    BackupPolicy p = Fixtures.policy("orders", "http://127.0.0.1:1", "b");
    p.getMetadata().setUid("uid-1");
    p.getMetadata().setGeneration(1L);
    p.getSpec().setRepositorySync(new RepositorySync());
    return p;
  }

  private static BackupPolicyStatus syncedAt(Instant at) {
    BackupPolicyStatus s = new BackupPolicyStatus();
    s.setObservedGeneration(1L);
    RepositorySyncStatus sync = new RepositorySyncStatus();
    sync.setLastSyncedTime(at.toString());
    s.setSync(sync);
    return s;
  }
}
