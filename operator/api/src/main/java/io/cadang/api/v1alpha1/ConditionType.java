package io.cadang.api.v1alpha1;

/**
 * Every condition type Cadang writes, in one place. Data only: which resource sets which type, and
 * when, is the reconcilers' business. {@link #value()} is the string in {@code status.conditions}.
 */
public enum ConditionType {
  /** BackupPolicy: the spec is valid, its Secrets exist and its repository is reachable. */
  READY("Ready"),
  /** BackupPolicy: the newest finished BackupRun succeeded. */
  LAST_BACKUP_SUCCEEDED("LastBackupSucceeded"),
  /** BackupPolicy: a backup succeeded within one schedule interval plus a grace period. */
  BACKUPS_CURRENT("BackupsCurrent"),
  /** BackupPolicy: a next slot is known and runs are being created (False while suspended). */
  SCHEDULED("Scheduled"),
  /** BackupPolicy with pitr: the WAL streamer reports and keeps up with the target RPO. */
  WAL_ARCHIVING("WalArchiving"),
  /** BackupPolicy with replicas: every replica holds every backup the primary holds. */
  REPLICAS_IN_SYNC("ReplicasInSync"),
  /**
   * BackupPolicy: the last sync listed every repository and imported every complete backup; False
   * names what was refused (damaged, incomplete, foreign) or what could not be read.
   */
  REPOSITORY_SYNCED("RepositorySynced"),
  /**
   * BackupPolicy with objectives.rpo: the WAL archive's lag (pitr) or the newest backup's age is
   * within the objective.
   */
  RPO_MET("RPOMet"),
  /** BackupPolicy with objectives.rto: the newest drill verified within the objective. */
  RTO_MET("RTOMet"),
  /** BackupRun, RestoreRequest: the Job exists. */
  JOB_CREATED("JobCreated"),
  /** BackupRun, RestoreRequest: finished successfully. */
  COMPLETE("Complete"),
  /** BackupRun, RestoreRequest: finished without result. */
  FAILED("Failed"),
  /** BackupRun: every replica repository holds a copy. */
  REPLICATED("Replicated"),
  /** RestoreRequest: row counts after the restore match those recorded at backup time. */
  VERIFIED("Verified"),
  /** RestoreRequest: the named Deployments are scaled to zero. */
  QUIESCED("Quiesced");

  private final String value;

  ConditionType(String value) {
    this.value = value;
  }

  /** The condition type as written to status. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
