package io.cadang.agent.backuplog;

import java.time.Instant;

/**
 * One row of the backup log: one backup command run, success or failure.
 *
 * @param runId the backup id (in Kubernetes: the BackupRun's backup id)
 * @param policy the BackupPolicy name, or null when run by hand without {@code --policy}
 * @param kind {@code logical}, {@code physical}, {@code files} or {@code configs}
 * @param startedAt when the command started
 * @param finishedAt when it ended (after replication)
 * @param bytes raw bytes backed up, null on failure
 * @param storedBytes bytes stored in the primary repository, null on failure
 * @param sha256 SHA-256 of the manifest as stored, null on failure
 * @param result {@link #SUCCEEDED} or {@link #FAILED}
 * @param message a one-line summary or the error (never a secret)
 */
public record BackupLogEntry(
    String runId,
    String policy,
    String kind,
    Instant startedAt,
    Instant finishedAt,
    Long bytes,
    Long storedBytes,
    String sha256,
    String result,
    String message) {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
}
