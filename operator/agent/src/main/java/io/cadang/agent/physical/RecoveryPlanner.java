package io.cadang.agent.physical;

import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the base backup to start from, before anything is downloaded or written: the newest one
 * that ends at or before the target (PostgreSQL cannot stop replay before the copy is consistent),
 * and refuses targets outside the window the repository can serve.
 */
final class RecoveryPlanner {
  private RecoveryPlanner() {}

  /**
   * @param backups every manifest in the repository (logical ones are ignored)
   * @param backupId the backup the user asked for, or null to choose
   * @param target where to stop
   * @param archive the WAL archive's latest point and system, or null when there is no status
   */
  static BackupManifest choose(
      List<BackupManifest> backups, String backupId, RecoveryTarget target, WalStatus archive)
      throws RecoveryException {
    List<BackupManifest> physical =
        backups.stream()
            .filter(BackupManifest::physicalKind)
            .filter(
                m ->
                    archive == null
                        || archive.systemIdentifier() == null
                        || archive.systemIdentifier().equals(m.physical().systemIdentifier()))
            .sorted(Comparator.comparing(m -> m.physical().backupStoppedAt()))
            .toList();
    if (backupId != null) {
      BackupManifest chosen =
          backups.stream()
              .filter(m -> m.backupId().equals(backupId))
              .findFirst()
              .orElseThrow(() -> new RecoveryException("backup '" + backupId + "' not found"));
      if (!chosen.physicalKind()) {
        throw new RecoveryException(
            "backup '" + backupId + "' is a logical backup; recover needs a physical one");
      }
      checkWindow(List.of(chosen), target, archive);
      return chosen;
    }
    if (physical.isEmpty()) {
      throw new RecoveryException(
          "the repository holds no physical base backup"
              + (archive != null && archive.systemIdentifier() != null
                  ? " of system " + archive.systemIdentifier()
                  : "")
              + "; take one with 'cadang backup --method physical'");
    }
    checkWindow(physical, target, archive);
    BackupManifest best = null;
    for (BackupManifest m : physical) {
      if (reaches(m, target)) {
        best = m;
      }
    }
    if (best == null) {
      throw new RecoveryException(
          "target "
              + target
              + " is before the end of the oldest base backup ("
              + physical.get(0).physical().stopLsn()
              + ")");
    }
    return best;
  }

  /** True when replay can stop at the target after this backup became consistent. */
  private static boolean reaches(BackupManifest m, RecoveryTarget target) {
    return switch (target.kind()) {
      case TIME -> !m.physical().backupStoppedAt().isAfter(target.time());
      case LSN -> !target.lsn().isBefore(Lsn.parse(m.physical().stopLsn()));
      case LATEST -> true;
    };
  }

  private static void checkWindow(
      List<BackupManifest> candidates, RecoveryTarget target, WalStatus archive)
      throws RecoveryException {
    if (target.kind() != RecoveryTarget.Kind.TIME) {
      return;
    }
    Instant earliest = candidates.get(0).physical().backupStoppedAt();
    Instant latest = archive == null ? null : archive.archivedAt();
    if (target.time().isBefore(earliest) || (latest != null && target.time().isAfter(latest))) {
      throw new RecoveryException(
          "target "
              + target.time()
              + " is outside the recovery window "
              + earliest
              + " … "
              + (latest == null ? "(no WAL archive status)" : latest.toString()));
    }
  }
}
