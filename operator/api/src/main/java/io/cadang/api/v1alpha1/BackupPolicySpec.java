package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** What to back up, when, where to, how it is protected and how long it is kept. */
@ValidationRule(
    value =
        "!has(self.pitr) || !has(self.pitr.enabled) || !self.pitr.enabled || (has(self.method) && self.method == 'Physical')",
    message = "pitr.enabled needs method: Physical (WAL replays only on a physical base backup)")
@ValidationRule(
    value = "!has(self.method) || self.method != 'Physical' || has(self.source.postgres)",
    message = "method: Physical needs a postgres source")
@ValidationRule(
    value = "has(self.source.volumeSnapshots) || (has(self.storage) && has(self.encryption))",
    message =
        "storage and encryption are required (only a volumeSnapshots policy, which writes no repository, goes without)")
@ValidationRule(
    value = "!has(self.source.volumeSnapshots) || !has(self.retention)",
    message =
        "a volumeSnapshots policy keeps source.volumeSnapshots.keep snapshots: spec.retention does not apply")
@ValidationRule(
    value = "!has(self.source.volumeSnapshots) || !has(self.backupLog)",
    message = "backupLog is written by the backup Job; a volumeSnapshots policy runs none")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupPolicySpec {

  @JsonPropertyDescription(
      "When to back up: a standard 5-field cron expression (minute hour day-of-month month day-of-week) in timeZone, e.g. \"0 2 * * *\" for 02:00 daily.")
  @Required
  @Size(min = 9, max = 256)
  @Pattern("^\\S+(\\s+\\S+){4}$")
  private String schedule;

  @JsonPropertyDescription(
      "IANA time zone the schedule and retention days are evaluated in, e.g. Asia/Jakarta; daylight-saving changes are honoured.")
  @Size(min = 1, max = 64)
  @Pattern("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$")
  @Default("UTC")
  private String timeZone = "UTC";

  @JsonPropertyDescription(
      "Stop creating scheduled BackupRuns; running ones finish, retention still applies, on-demand BackupRuns still run.")
  @Default("false")
  private Boolean suspend = false;

  @JsonPropertyDescription(
      "How databases are backed up: Logical (pg_dump per database) or Physical (pg_basebackup of the whole cluster; with pitr, for point-in-time recovery).")
  @Default("Logical")
  private BackupMethod method = BackupMethod.LOGICAL;

  @JsonPropertyDescription(
      "Point-in-time recovery: stream WAL continuously next to the Physical base backups.")
  private Pitr pitr;

  @JsonPropertyDescription("What to back up.")
  @Required
  private BackupSource source;

  @JsonPropertyDescription(
      "Where backups are written. Required for every source except volumeSnapshots (snapshots stay in the cluster's storage).")
  private Storage storage;

  @JsonPropertyDescription(
      "How backups are encrypted. Required for every source except volumeSnapshots.")
  private Encryption encryption;

  @JsonPropertyDescription(
      "Which backups to keep. Empty: Cadang deletes nothing (bucket lifecycle rules may still apply).")
  private Retention retention;

  @JsonPropertyDescription("Settings of the backup Jobs.")
  private JobTemplate job;

  @JsonPropertyDescription(
      "Write one row per finished backup Job to a PostgreSQL table (e.g. internal.backup_logs).")
  private BackupLog backupLog;

  @JsonPropertyDescription(
      "What deleting a BackupRun by hand or by a GitOps prune does to its backup: Retain (the default) keeps the data in every repository and the next sync imports the run again; Delete removes the data with the run. Retention always deletes the data of the runs it prunes; deleting a policy never deletes data. Setting Delete needs the purge verb on backupruns.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy = DeletionPolicy.RETAIN;

  @JsonPropertyDescription(
      "How the operator rebuilds this policy's BackupRuns from its repositories (a new cluster, a re-created policy, a restored etcd).")
  private RepositorySync repositorySync;

  @JsonPropertyDescription(
      "Recovery objectives (rpo, rto) checked in status: conditions RPOMet and RTOMet, metrics and alerts.")
  private Objectives objectives;

  @JsonPropertyDescription(
      "Restore drills on a schedule (e.g. every six months): each creates a RestoreRequest with mode Drill into a scratch target and measures the RTO.")
  private Drills drills;

  @JsonPropertyDescription(
      "Checks every restore and drill of this policy's backups runs on the restored copy before it reports success (application queries).")
  private VerifySpec verify;

  public Objectives getObjectives() {
    return objectives;
  }

  public void setObjectives(Objectives objectives) {
    this.objectives = objectives;
  }

  public Drills getDrills() {
    return drills;
  }

  public void setDrills(Drills drills) {
    this.drills = drills;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public BackupMethod getMethod() {
    return method;
  }

  public void setMethod(BackupMethod method) {
    this.method = method;
  }

  public Pitr getPitr() {
    return pitr;
  }

  public void setPitr(Pitr pitr) {
    this.pitr = pitr;
  }

  public BackupSource getSource() {
    return source;
  }

  public void setSource(BackupSource source) {
    this.source = source;
  }

  public Storage getStorage() {
    return storage;
  }

  public void setStorage(Storage storage) {
    this.storage = storage;
  }

  public Encryption getEncryption() {
    return encryption;
  }

  public void setEncryption(Encryption encryption) {
    this.encryption = encryption;
  }

  public Retention getRetention() {
    return retention;
  }

  public void setRetention(Retention retention) {
    this.retention = retention;
  }

  public JobTemplate getJob() {
    return job;
  }

  public void setJob(JobTemplate job) {
    this.job = job;
  }

  public BackupLog getBackupLog() {
    return backupLog;
  }

  public void setBackupLog(BackupLog backupLog) {
    this.backupLog = backupLog;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public RepositorySync getRepositorySync() {
    return repositorySync;
  }

  public void setRepositorySync(RepositorySync repositorySync) {
    this.repositorySync = repositorySync;
  }

  public VerifySpec getVerify() {
    return verify;
  }

  public void setVerify(VerifySpec verify) {
    this.verify = verify;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BackupPolicySpec)) {
      return false;
    }
    BackupPolicySpec that = (BackupPolicySpec) o;
    return Objects.equals(schedule, that.schedule)
        && Objects.equals(timeZone, that.timeZone)
        && Objects.equals(suspend, that.suspend)
        && Objects.equals(method, that.method)
        && Objects.equals(pitr, that.pitr)
        && Objects.equals(source, that.source)
        && Objects.equals(storage, that.storage)
        && Objects.equals(encryption, that.encryption)
        && Objects.equals(retention, that.retention)
        && Objects.equals(job, that.job)
        && Objects.equals(backupLog, that.backupLog)
        && Objects.equals(deletionPolicy, that.deletionPolicy)
        && Objects.equals(repositorySync, that.repositorySync)
        && Objects.equals(objectives, that.objectives)
        && Objects.equals(drills, that.drills)
        && Objects.equals(verify, that.verify);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        schedule,
        timeZone,
        suspend,
        method,
        pitr,
        source,
        storage,
        encryption,
        retention,
        job,
        backupLog,
        deletionPolicy,
        repositorySync,
        objectives,
        drills,
        verify);
  }
}
