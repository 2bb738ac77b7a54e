package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import java.time.Instant;

/**
 * Removes a deleted BackupRun's objects from the repositories of its policy, before the finalizer
 * lets the run go. The primary's copy goes first; the replicas' copies only {@code
 * spec.storage.replicaDeletionDelay} after the run's deletion began, so no single step (a mistake,
 * a prune, a stolen credential) empties every region. Objects already gone are not an error; a
 * repository that cannot be reached is (the deletion is retried rather than orphaning data).
 */
public interface BackupRunCleaner {
  /**
   * Deletes what is due now.
   *
   * @param policy the run's policy; the caller has decided ({@link DataDeletion}) that the data
   *     goes
   * @return {@link Progress#DONE} when every copy is gone, else when to call again and why
   */
  Progress deleteObjects(BackupRun run, BackupPolicy policy, Instant now);

  /**
   * @param retryAt when the next step is due (null: done)
   * @param why one line for the Event: what is still held and until when
   */
  record Progress(Instant retryAt, String why) {
    public static final Progress DONE = new Progress(null, null);

    public boolean done() {
      return retryAt == null;
    }
  }
}
