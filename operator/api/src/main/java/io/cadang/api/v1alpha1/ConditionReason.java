package io.cadang.api.v1alpha1;

/**
 * Every condition reason (and {@code failureReason}) Cadang writes, in one place. Data only. {@link
 * #value()} is the CamelCase string in status.
 */
public enum ConditionReason {
  // Spec and environment problems: permanent until the user changes something.
  /** A field is invalid in a way the schema cannot express; the message names the field. */
  INVALID_SPEC("InvalidSpec"),
  /** {@code spec.schedule} is not a valid 5-field cron expression. */
  INVALID_SCHEDULE("InvalidSchedule"),
  /** {@code spec.timeZone} is not a known IANA time zone. */
  INVALID_TIME_ZONE("InvalidTimeZone"),
  /** A referenced Secret, or a key in it, does not exist. */
  SECRET_MISSING("SecretMissing"),
  /** A referenced BackupPolicy does not exist. */
  POLICY_NOT_FOUND("PolicyNotFound"),
  /** A RestoreRequest's source has no successful backup to restore. */
  BACKUP_NOT_FOUND("BackupNotFound"),
  /** The repository cannot be reached or listed with the given credentials. */
  REPOSITORY_UNREACHABLE("RepositoryUnreachable"),
  /** A feature the request's source cannot offer (e.g. pointInTime.time on a Logical policy). */
  UNSUPPORTED("Unsupported"),

  // Scheduling.
  /** Everything checks out. */
  READY("Ready"),
  /** {@code spec.suspend} is true. */
  SUSPENDED("Suspended"),
  /** A schedule slot was skipped because the previous run had not finished. */
  SLOT_SKIPPED_RUN_ACTIVE("SlotSkippedRunActive"),

  // WAL archiving (BackupPolicy condition WalArchiving).
  /** The streamer reports recently and the archive is within the target RPO. */
  STREAMING("Streaming"),
  /** No recent wal/status.json: the streamer is down, stuck or cannot reach the repository. */
  STREAMER_NOT_REPORTING("StreamerNotReporting"),
  /** The newest archived point is older than spec.pitr.targetRpo. */
  BEHIND_TARGET("BehindTarget"),
  /** The streamer reports an error it cannot get past; the message carries it. */
  STREAMER_FAILED("StreamerFailed"),
  /**
   * The streamer's chain check found a segment missing from the archive: recovery past it fails.
   */
  WAL_GAP("WalGap"),
  /** A RestoreRequest's point in time lies outside the policy's status.recoveryWindow. */
  OUTSIDE_RECOVERY_WINDOW("OutsideRecoveryWindow"),

  // Results.
  BACKUP_SUCCEEDED("BackupSucceeded"),
  BACKUP_FAILED("BackupFailed"),
  /** No BackupRun of the policy has succeeded yet. */
  NO_SUCCESS_YET("NoSuccessYet"),
  /** The newest success is older than one schedule interval plus the grace period. */
  STALE("Stale"),
  JOB_CREATED("JobCreated"),
  /** The Job failed and no more specific cause is known. */
  JOB_FAILED("JobFailed"),
  /** The Job exceeded {@code activeDeadlineSeconds}. */
  DEADLINE_EXCEEDED("DeadlineExceeded"),
  /** The agent container was killed for exceeding its memory limit. */
  OOM_KILLED("OOMKilled"),
  /** The agent image could not be pulled. */
  IMAGE_PULL_FAILED("ImagePullFailed"),
  /** The agent exited with an error; the message is its one-line error. */
  AGENT_ERROR("AgentError"),
  /** A restore target is not empty and {@code overwrite} is false. */
  TARGET_NOT_EMPTY("TargetNotEmpty"),
  /** A backup or restore of the same database is running; this one waits. */
  CONFLICTING_OPERATION("ConflictingOperation"),
  REPLICATION_FAILED("ReplicationFailed"),
  /** The snapshot.storage.k8s.io VolumeSnapshot API is not served by this cluster. */
  SNAPSHOT_API_MISSING("SnapshotApiMissing"),
  /** A VolumeSnapshot reported an error. */
  SNAPSHOT_FAILED("SnapshotFailed"),
  /** ReplicasInSync True: every replica holds every kept backup. */
  IN_SYNC("InSync"),
  /** A replica misses backups, but its last copy attempt did not fail. */
  REPLICA_LAGGING("ReplicaLagging"),
  /** The newest copy to a replica failed. */
  REPLICA_FAILED("ReplicaFailed"),
  RESTORE_SUCCEEDED("RestoreSucceeded"),
  RESTORE_FAILED("RestoreFailed"),
  /** Row counts after the restore match. */
  VERIFICATION_PASSED("VerificationPassed"),
  /** Row counts after the restore differ; status.verification lists the tables. */
  VERIFICATION_FAILED("VerificationFailed"),
  DEPLOYMENTS_SCALED_DOWN("DeploymentsScaledDown"),
  DEPLOYMENTS_RESTORED("DeploymentsRestored"),
  /**
   * Ready, BackupRun, RestoreRequest: spec.job names an image or a service account agent pods may
   * not use (docs/install.md#agent-images-and-accounts).
   */
  AGENT_NOT_ALLOWED("AgentNotAllowed"),
  /**
   * A repository asks for S3 Object Lock and its bucket was not created with it (or has versioning
   * off): no run starts, since every object would be written unlocked or refused.
   */
  OBJECT_LOCK_UNAVAILABLE("ObjectLockUnavailable"),
  /** RPOMet, RTOMet: the measured value is within the objective. */
  OBJECTIVE_MET("ObjectiveMet"),
  /** RPOMet, RTOMet: the measured value is above the objective. */
  ABOVE_OBJECTIVE("AboveObjective"),
  /** RPOMet: no successful backup (and no WAL report) to measure from. */
  NOTHING_TO_MEASURE("NothingToMeasure"),
  /** RTOMet: no drill of this policy has finished yet. */
  NO_DRILL_YET("NoDrillYet"),
  /** RTOMet: the newest drill failed, so no restore time is proven. */
  DRILL_FAILED("DrillFailed"),
  /** RepositorySynced: every complete backup in the repositories has a BackupRun. */
  SYNCED("Synced"),
  /** RepositorySynced: some backups were not imported (damaged, incomplete, another system). */
  BACKUPS_REFUSED("BackupsRefused"),
  /** RepositorySynced: the repository's marker names another BackupPolicy (see adopt). */
  FOREIGN_REPOSITORY("ForeignRepository"),
  /** BackupRun: created from a backup found in a repository, not by a Job of this cluster. */
  IMPORTED("Imported"),
  /** RestoreRequest: the policy has not yet listed its repositories since the request appeared. */
  WAITING_FOR_SYNC("WaitingForSync"),
  /** Pods of a quiesced Deployment were still there too long after it was scaled to zero. */
  QUIESCE_TIMEOUT("QuiesceTimeout");

  private final String value;

  ConditionReason(String value) {
    this.value = value;
  }

  /** The reason as written to status. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
