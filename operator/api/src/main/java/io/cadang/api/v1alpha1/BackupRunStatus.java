package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/**
 * Progress and result of one backup. Written only by the operator; a terminal phase never changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupRunStatus {

  @JsonPropertyDescription("Pending, then Running, then Succeeded or Failed.")
  private BackupRunPhase phase;

  @JsonPropertyDescription(
      "The metadata.generation of the spec this status was computed from; when it is lower than metadata.generation the operator has not yet acted on the latest change.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Standard Kubernetes conditions of the run (JobCreated, Complete, Failed, ...); types and reasons are listed in the Cadang docs (for example Ready, with reason InvalidSpec). lastTransitionTime changes only when a status flips.")
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions;

  @JsonPropertyDescription("Name of the Job running the backup.")
  private String jobName;

  @JsonPropertyDescription("When the Job started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the run reached Succeeded or Failed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Seconds from startTime to completionTime.")
  private Long durationSeconds;

  @JsonPropertyDescription("The backup's id in the repository (cadang list shows it).")
  private String backupId;

  @JsonPropertyDescription("Objects written to the primary repository.")
  private List<Artifact> artifacts;

  @JsonPropertyDescription("Sum of the artifacts' sizes before compression and encryption.")
  private Long totalBytes;

  @JsonPropertyDescription("Sum of the artifacts' stored sizes.")
  private Long storedBytes;

  @JsonPropertyDescription("Facts about the backed-up server.")
  private PostgresFacts postgres;

  @JsonPropertyDescription(
      "Id of the master key that wraps this backup's data keys (Vault transit key name or local key fingerprint).")
  private String keyId;

  @JsonPropertyDescription("Version of that key (Vault transit key version).")
  private Integer keyVersion;

  @JsonPropertyDescription("State of the copy to each replica repository.")
  private List<ReplicaStatus> replication;

  @JsonPropertyDescription(
      "CamelCase cause of a failure, e.g. JobFailed, DeadlineExceeded, OOMKilled, ImagePullFailed, AgentError.")
  private String failureReason;

  @JsonPropertyDescription("Human-readable cause of a failure, e.g. the agent's error line.")
  private String failureMessage;

  @JsonPropertyDescription(
      "What was backed up: logical, physical, files, configs or volumeSnapshots.")
  private String kind;

  @JsonPropertyDescription("Summary of a files backup.")
  private FilesSummary files;

  @JsonPropertyDescription("Summary of a configs backup.")
  private ConfigsSummary configs;

  @JsonPropertyDescription("The VolumeSnapshots of a volumeSnapshots run.")
  private List<VolumeSnapshotStatus> volumeSnapshots;

  @JsonPropertyDescription("Whether the run's row reached the policy's backup log table.")
  private BackupLogStatus backupLog;

  @JsonPropertyDescription(
      "Things the backup noticed that did not fail it, e.g. files that changed while being read.")
  private List<String> warnings;

  public BackupRunPhase getPhase() {
    return phase;
  }

  public void setPhase(BackupRunPhase phase) {
    this.phase = phase;
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

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public Long getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Long durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public String getBackupId() {
    return backupId;
  }

  public void setBackupId(String backupId) {
    this.backupId = backupId;
  }

  public List<Artifact> getArtifacts() {
    return artifacts;
  }

  public void setArtifacts(List<Artifact> artifacts) {
    this.artifacts = artifacts;
  }

  public Long getTotalBytes() {
    return totalBytes;
  }

  public void setTotalBytes(Long totalBytes) {
    this.totalBytes = totalBytes;
  }

  public Long getStoredBytes() {
    return storedBytes;
  }

  public void setStoredBytes(Long storedBytes) {
    this.storedBytes = storedBytes;
  }

  public PostgresFacts getPostgres() {
    return postgres;
  }

  public void setPostgres(PostgresFacts postgres) {
    this.postgres = postgres;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public Integer getKeyVersion() {
    return keyVersion;
  }

  public void setKeyVersion(Integer keyVersion) {
    this.keyVersion = keyVersion;
  }

  public List<ReplicaStatus> getReplication() {
    return replication;
  }

  public void setReplication(List<ReplicaStatus> replication) {
    this.replication = replication;
  }

  public String getFailureReason() {
    return failureReason;
  }

  public void setFailureReason(String failureReason) {
    this.failureReason = failureReason;
  }

  public String getFailureMessage() {
    return failureMessage;
  }

  public void setFailureMessage(String failureMessage) {
    this.failureMessage = failureMessage;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public FilesSummary getFiles() {
    return files;
  }

  public void setFiles(FilesSummary files) {
    this.files = files;
  }

  public ConfigsSummary getConfigs() {
    return configs;
  }

  public void setConfigs(ConfigsSummary configs) {
    this.configs = configs;
  }

  public List<VolumeSnapshotStatus> getVolumeSnapshots() {
    return volumeSnapshots;
  }

  public void setVolumeSnapshots(List<VolumeSnapshotStatus> volumeSnapshots) {
    this.volumeSnapshots = volumeSnapshots;
  }

  public BackupLogStatus getBackupLog() {
    return backupLog;
  }

  public void setBackupLog(BackupLogStatus backupLog) {
    this.backupLog = backupLog;
  }

  public List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BackupRunStatus)) {
      return false;
    }
    BackupRunStatus that = (BackupRunStatus) o;
    return Objects.equals(phase, that.phase)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(jobName, that.jobName)
        && Objects.equals(startTime, that.startTime)
        && Objects.equals(completionTime, that.completionTime)
        && Objects.equals(durationSeconds, that.durationSeconds)
        && Objects.equals(backupId, that.backupId)
        && Objects.equals(artifacts, that.artifacts)
        && Objects.equals(totalBytes, that.totalBytes)
        && Objects.equals(storedBytes, that.storedBytes)
        && Objects.equals(postgres, that.postgres)
        && Objects.equals(keyId, that.keyId)
        && Objects.equals(keyVersion, that.keyVersion)
        && Objects.equals(replication, that.replication)
        && Objects.equals(failureReason, that.failureReason)
        && Objects.equals(failureMessage, that.failureMessage)
        && Objects.equals(kind, that.kind)
        && Objects.equals(files, that.files)
        && Objects.equals(configs, that.configs)
        && Objects.equals(volumeSnapshots, that.volumeSnapshots)
        && Objects.equals(backupLog, that.backupLog)
        && Objects.equals(warnings, that.warnings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase,
        observedGeneration,
        conditions,
        jobName,
        startTime,
        completionTime,
        durationSeconds,
        backupId,
        artifacts,
        totalBytes,
        storedBytes,
        postgres,
        keyId,
        keyVersion,
        replication,
        failureReason,
        failureMessage,
        kind,
        files,
        configs,
        volumeSnapshots,
        backupLog,
        warnings);
  }
}
