package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestoreRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A restore and a backup of the same database never run at the same time: a dump taken while the
 * database is being rewritten would be a backup of half a restore. Both reconcilers ask here; the
 * unit of "same database" is the policy.
 */
public final class RestoreConflicts {
  private RestoreConflicts() {}

  /** A BackupRun of the policy that has not finished, which a restore must wait for. */
  public static Optional<BackupRun> activeBackup(List<BackupRun> runs, String policy) {
    return runs.stream()
        .filter(r -> policy.equals(RestoreSources.policyOf(r)))
        .filter(
            r ->
                r.getStatus() == null
                    || r.getStatus().getPhase() == null
                    || !r.getStatus().getPhase().terminal())
        .findFirst();
  }

  /**
   * For the BackupPolicy reconciler: whether a restore of one of the policy's backups is under way,
   * so the next backup slot waits. Drills do not count: they restore into a scratch target and
   * never touch the database being backed up, so a long drill must not cost a backup.
   *
   * @param runsOfPolicy names of the policy's BackupRuns
   */
  public static boolean restoreActive(
      List<RestoreRequest> requests, String policy, Set<String> runsOfPolicy) {
    return requests.stream()
        .filter(r -> r.getSpec() == null || r.getSpec().getMode() != RestoreMode.DRILL)
        .filter(
            r ->
                r.getStatus() == null
                    || r.getStatus().getPhase() == null
                    || !r.getStatus().getPhase().terminal())
        .anyMatch(
            r ->
                policy.equals(r.getSpec().getSource().getPolicy())
                    || contains(runsOfPolicy, r.getSpec().getSource().getBackupRun())
                    || (r.getStatus() != null
                        && contains(runsOfPolicy, r.getStatus().getResolvedBackupRun())));
  }

  /** Null-safe: Set.of(...) throws on contains(null). */
  private static boolean contains(Set<String> names, String name) {
    return name != null && names.contains(name);
  }
}
