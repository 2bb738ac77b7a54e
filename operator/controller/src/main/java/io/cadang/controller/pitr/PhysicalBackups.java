package io.cadang.controller.pitr;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The successful physical base backups among a policy's runs, oldest first. A run is physical when
 * its status carries a start LSN (filled from the agent's result), which also covers runs taken
 * before the policy switched methods.
 */
public final class PhysicalBackups {
  private PhysicalBackups() {}

  public static List<BackupRun> succeeded(Collection<BackupRun> runs) {
    return runs.stream()
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .filter(PhysicalBackups::isPhysicalSuccess)
        .sorted(Comparator.comparing(PhysicalBackups::completedAt))
        .toList();
  }

  public static boolean isPhysical(BackupRun run) {
    return run.getStatus() != null
        && run.getStatus().getPostgres() != null
        && run.getStatus().getPostgres().getStartLsn() != null;
  }

  static boolean isPhysicalSuccess(BackupRun run) {
    return isPhysical(run)
        && run.getStatus().getPhase() == BackupRunPhase.SUCCEEDED
        && run.getStatus().getCompletionTime() != null
        && run.getStatus().getBackupId() != null;
  }

  public static Instant completedAt(BackupRun run) {
    return Instant.parse(run.getStatus().getCompletionTime());
  }
}
