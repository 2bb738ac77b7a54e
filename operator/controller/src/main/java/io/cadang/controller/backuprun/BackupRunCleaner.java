package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;

/**
 * Removes a deleted BackupRun's objects from every repository of its policy, before the finalizer
 * lets the run go. Objects already gone are not an error; a repository that cannot be reached is
 * (the deletion is retried rather than leaving orphaned data behind).
 */
public interface BackupRunCleaner {
  /**
   * @param policy the run's policy, or null when it no longer exists
   */
  void deleteObjects(BackupRun run, BackupPolicy policy);
}
