package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import java.util.List;

/**
 * Removes a deleted BackupRun's objects from every repository of its policy, before the finalizer
 * lets the run go. Objects already gone are not an error; a repository that cannot be reached is
 * (the deletion is retried rather than leaving orphaned data behind).
 */
public interface BackupRunCleaner {
  /**
   * Deletes from the primary first (a failure there throws, and the cleanup is retried), then from
   * each replica; a replica that fails does not undo or block the primary's deletion.
   *
   * @param policy the run's policy; the caller has decided ({@link DataDeletion}) that the data
   *     goes
   * @return the replica repositories the deletion failed in (retry later), empty when done
   */
  List<String> deleteObjects(BackupRun run, BackupPolicy policy);
}
