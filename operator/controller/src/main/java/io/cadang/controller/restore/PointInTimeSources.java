package io.cadang.controller.restore;

import io.cadang.agent.wal.Lsn;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.RecoveryWindow;
import io.cadang.controller.pitr.PhysicalBackups;
import io.cadang.controller.pitr.RecoveryWindows;
import io.cadang.controller.restore.RestoreSources.Found;
import io.cadang.controller.restore.RestoreSources.Resolution;
import io.cadang.controller.restore.RestoreSources.Unresolvable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The base backup a restore of a Physical policy starts from, as a pure function: for a time, the
 * newest kept base backup finished by then; for an LSN, the newest that ended at or before it; for
 * latest (or no pointInTime), the newest. A time outside the policy's status.recoveryWindow is
 * refused here, before any Job exists, with the window in the message (the data plane uses the same
 * wording when it refuses).
 */
final class PointInTimeSources {
  private PointInTimeSources() {}

  static Resolution resolve(PointInTime pit, BackupPolicy policy, List<BackupRun> runs) {
    String name = policy.getMetadata().getName();
    List<BackupRun> bases = PhysicalBackups.succeeded(runs);
    if (bases.isEmpty()) {
      return new Unresolvable(
          ConditionReason.BACKUP_NOT_FOUND,
          "BackupPolicy '" + name + "' has no successful physical base backup to recover from");
    }
    if (pit != null && pit.getTime() != null) {
      return byTime(pit.getTime(), window(policy, bases), bases, name);
    }
    if (pit != null && pit.getLsn() != null) {
      return byLsn(pit.getLsn(), bases);
    }
    return new Found(bases.get(bases.size() - 1));
  }

  private static Resolution byTime(
      String time, RecoveryWindow window, List<BackupRun> bases, String policy) {
    Instant target;
    try {
      target = OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return new Unresolvable(
          ConditionReason.INVALID_SPEC,
          "spec.source.pointInTime.time: '" + time + "' is not an RFC 3339 time");
    }
    if (!RecoveryWindows.contains(window, target)) {
      return new Unresolvable(
          ConditionReason.OUTSIDE_RECOVERY_WINDOW,
          "spec.source.pointInTime.time: target "
              + target
              + " is outside the recovery window "
              + window
              + " of BackupPolicy '"
              + policy
              + "'");
    }
    BackupRun chosen = bases.get(0);
    for (BackupRun run : bases) {
      if (!PhysicalBackups.completedAt(run).isAfter(target)) {
        chosen = run;
      }
    }
    return new Found(chosen);
  }

  private static Resolution byLsn(String lsn, List<BackupRun> bases) {
    Lsn target;
    try {
      target = Lsn.parse(lsn);
    } catch (IllegalArgumentException e) {
      return new Unresolvable(
          ConditionReason.INVALID_SPEC, "spec.source.pointInTime.lsn: " + e.getMessage());
    }
    BackupRun chosen = null;
    for (BackupRun run : bases) {
      String stop = run.getStatus().getPostgres().getStopLsn();
      if (stop != null && Lsn.parse(stop).compareTo(target) <= 0) {
        chosen = run;
      }
    }
    if (chosen == null) {
      return new Unresolvable(
          ConditionReason.OUTSIDE_RECOVERY_WINDOW,
          "spec.source.pointInTime.lsn: target "
              + lsn
              + " lies before the end of the oldest kept base backup ("
              + bases.get(0).getStatus().getPostgres().getStopLsn()
              + ")");
    }
    return new Found(chosen);
  }

  /** The window in status; computed from the runs when status has none yet. */
  private static RecoveryWindow window(BackupPolicy policy, List<BackupRun> bases) {
    RecoveryWindow w = policy.getStatus() == null ? null : policy.getStatus().getRecoveryWindow();
    return w != null ? w : RecoveryWindows.of(bases, null);
  }
}
