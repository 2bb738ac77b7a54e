package io.cadang.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one-shot state machines: Pending → Running → Succeeded | Failed, terminal phases final. */
class PhasesTest {

  @Test
  void onlySucceededAndFailedAreTerminal() {
    assertEquals(
        EnumSet.of(BackupRunPhase.SUCCEEDED, BackupRunPhase.FAILED),
        Arrays.stream(BackupRunPhase.values())
            .filter(BackupRunPhase::terminal)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(BackupRunPhase.class))));
    assertEquals(
        EnumSet.of(RestorePhase.SUCCEEDED, RestorePhase.FAILED),
        Arrays.stream(RestorePhase.values())
            .filter(RestorePhase::terminal)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(RestorePhase.class))));
  }

  @Test
  void backupRunPhasesMoveOnlyForward() {
    assertEquals(
        Set.of(BackupRunPhase.PENDING, BackupRunPhase.RUNNING, BackupRunPhase.FAILED),
        nextOf(BackupRunPhase.PENDING));
    assertEquals(
        Set.of(BackupRunPhase.RUNNING, BackupRunPhase.SUCCEEDED, BackupRunPhase.FAILED),
        nextOf(BackupRunPhase.RUNNING));
    assertEquals(Set.of(BackupRunPhase.SUCCEEDED), nextOf(BackupRunPhase.SUCCEEDED));
    assertEquals(Set.of(BackupRunPhase.FAILED), nextOf(BackupRunPhase.FAILED));
  }

  @Test
  void aFinishedRestoreNeverChangesPhase() {
    for (RestorePhase next : RestorePhase.values()) {
      assertTrue(RestorePhase.SUCCEEDED.canMoveTo(next) == (next == RestorePhase.SUCCEEDED));
      assertTrue(RestorePhase.FAILED.canMoveTo(next) == (next == RestorePhase.FAILED));
    }
    assertFalse(RestorePhase.RUNNING.canMoveTo(RestorePhase.PENDING));
  }

  private static Set<BackupRunPhase> nextOf(BackupRunPhase phase) {
    return Arrays.stream(BackupRunPhase.values())
        .filter(phase::canMoveTo)
        .collect(Collectors.toSet());
  }

  @Test
  void pendingReachesFinishedPhasesThroughRunningButNothingLeavesATerminalPhase() {
    assertTrue(BackupRunPhase.PENDING.canReach(BackupRunPhase.SUCCEEDED));
    assertTrue(RestorePhase.PENDING.canReach(RestorePhase.SUCCEEDED));
    assertFalse(BackupRunPhase.RUNNING.canReach(BackupRunPhase.PENDING));
    assertFalse(BackupRunPhase.FAILED.canReach(BackupRunPhase.SUCCEEDED));
    assertFalse(RestorePhase.SUCCEEDED.canReach(RestorePhase.FAILED));
  }
}
