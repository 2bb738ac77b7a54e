package io.cadang.controller.pitr;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.RecoveryWindow;
import java.time.Instant;
import java.util.List;

/**
 * The span a point-in-time restore can reach, as a pure function of the kept physical base backups
 * and the archive. Earliest: the completion of the oldest kept base backup (its end is the first
 * consistent point; completion is a few moments later, so the bound is conservative). Latest: the
 * streamer's archivedAt, or without WAL archiving the newest base backup.
 */
public final class RecoveryWindows {
  private RecoveryWindows() {}

  /**
   * @param physical successful physical runs, oldest first ({@link PhysicalBackups#succeeded})
   * @param archivedAt the newest archived point, null when pitr is off or nothing was reported
   * @return null when there is no base backup to recover from
   */
  public static RecoveryWindow of(List<BackupRun> physical, Instant archivedAt) {
    if (physical.isEmpty()) {
      return null;
    }
    Instant earliest = PhysicalBackups.completedAt(physical.get(0));
    Instant newestBase = PhysicalBackups.completedAt(physical.get(physical.size() - 1));
    Instant latest = archivedAt != null && archivedAt.isAfter(newestBase) ? archivedAt : newestBase;
    return new RecoveryWindow(earliest.toString(), latest.toString());
  }

  /** True when {@code t} lies within the window, both ends included. */
  public static boolean contains(RecoveryWindow window, Instant t) {
    return !t.isBefore(Instant.parse(window.getEarliest()))
        && !t.isAfter(Instant.parse(window.getLatest()));
  }
}
