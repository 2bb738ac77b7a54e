package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/** What the operator observed about a BackupPolicy. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupPolicyStatus {

  @JsonPropertyDescription(
      "The metadata.generation of the spec this status was computed from; when it is lower than metadata.generation the operator has not yet acted on the latest change.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Standard Kubernetes conditions of the policy (Ready, LastBackupSucceeded, BackupsCurrent, ...); types and reasons are listed in the Cadang docs (for example Ready, with reason InvalidSpec). lastTransitionTime changes only when a status flips.")
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "The last schedule slot a BackupRun was created for, or skipped (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("The next schedule slot (RFC 3339); empty while suspended or invalid.")
  private String nextScheduleTime;

  @JsonPropertyDescription("Name of the newest BackupRun that succeeded.")
  private String lastSuccessfulRun;

  @JsonPropertyDescription("When the newest successful BackupRun completed (RFC 3339).")
  private String lastSuccessTime;

  @JsonPropertyDescription("Name of the newest BackupRun that failed.")
  private String lastFailedRun;

  @JsonPropertyDescription(
      "Name of the BackupRun of this policy that is pending or running, if any; a slot is skipped while one is.")
  private String activeRun;

  @JsonPropertyDescription("Number of successful backups currently kept.")
  private Integer backups;

  @JsonPropertyDescription(
      "Physical policies: the span a point-in-time restore can reach (earliest kept base backup to the newest archived WAL).")
  private RecoveryWindow recoveryWindow;

  @JsonPropertyDescription("With pitr: what the WAL streamer last reported.")
  private WalArchiveStatus walArchive;

  @JsonPropertyDescription(
      "What the last sync of the repositories found: backups, imported runs, refused backups, and what retention would delete.")
  private RepositorySyncStatus sync;

  @JsonPropertyDescription(
      "With spec.drills or drill RestoreRequests: the newest drill and the next.")
  private DrillsStatus drills;

  public DrillsStatus getDrills() {
    return drills;
  }

  public void setDrills(DrillsStatus drills) {
    this.drills = drills;
  }

  public RepositorySyncStatus getSync() {
    return sync;
  }

  public void setSync(RepositorySyncStatus sync) {
    this.sync = sync;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public String getLastSuccessfulRun() {
    return lastSuccessfulRun;
  }

  public void setLastSuccessfulRun(String lastSuccessfulRun) {
    this.lastSuccessfulRun = lastSuccessfulRun;
  }

  public String getLastSuccessTime() {
    return lastSuccessTime;
  }

  public void setLastSuccessTime(String lastSuccessTime) {
    this.lastSuccessTime = lastSuccessTime;
  }

  public String getLastFailedRun() {
    return lastFailedRun;
  }

  public void setLastFailedRun(String lastFailedRun) {
    this.lastFailedRun = lastFailedRun;
  }

  public String getActiveRun() {
    return activeRun;
  }

  public void setActiveRun(String activeRun) {
    this.activeRun = activeRun;
  }

  public Integer getBackups() {
    return backups;
  }

  public void setBackups(Integer backups) {
    this.backups = backups;
  }

  public RecoveryWindow getRecoveryWindow() {
    return recoveryWindow;
  }

  public void setRecoveryWindow(RecoveryWindow recoveryWindow) {
    this.recoveryWindow = recoveryWindow;
  }

  public WalArchiveStatus getWalArchive() {
    return walArchive;
  }

  public void setWalArchive(WalArchiveStatus walArchive) {
    this.walArchive = walArchive;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BackupPolicyStatus)) {
      return false;
    }
    BackupPolicyStatus that = (BackupPolicyStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(lastScheduleTime, that.lastScheduleTime)
        && Objects.equals(nextScheduleTime, that.nextScheduleTime)
        && Objects.equals(lastSuccessfulRun, that.lastSuccessfulRun)
        && Objects.equals(lastSuccessTime, that.lastSuccessTime)
        && Objects.equals(lastFailedRun, that.lastFailedRun)
        && Objects.equals(activeRun, that.activeRun)
        && Objects.equals(backups, that.backups)
        && Objects.equals(recoveryWindow, that.recoveryWindow)
        && Objects.equals(walArchive, that.walArchive)
        && Objects.equals(sync, that.sync)
        && Objects.equals(drills, that.drills);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        conditions,
        lastScheduleTime,
        nextScheduleTime,
        lastSuccessfulRun,
        lastSuccessTime,
        lastFailedRun,
        activeRun,
        backups,
        recoveryWindow,
        walArchive,
        sync,
        drills);
  }
}
