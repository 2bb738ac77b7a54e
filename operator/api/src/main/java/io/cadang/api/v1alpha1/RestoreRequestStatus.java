package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/**
 * Progress and result of one restore. Written only by the operator; a terminal phase never changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreRequestStatus {

  @JsonPropertyDescription("Pending, then Running, then Succeeded or Failed.")
  private RestorePhase phase;

  @JsonPropertyDescription(
      "The metadata.generation of the spec this status was computed from; when it is lower than metadata.generation the operator has not yet acted on the latest change.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Standard Kubernetes conditions of the restore (JobCreated, Quiesced, Verified, Complete, Failed, ...); types and reasons are listed in the Cadang docs (for example Ready, with reason InvalidSpec). lastTransitionTime changes only when a status flips.")
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "The BackupRun actually restored (the named one, or the policy's newest successful one at the time).")
  private String resolvedBackupRun;

  @JsonPropertyDescription("The restored backup's id in the repository.")
  private String backupId;

  @JsonPropertyDescription("Steps in order, with their state and timing.")
  private List<RestoreStep> steps;

  @JsonPropertyDescription("Row-count verification results; empty when verify is false.")
  private Verification verification;

  @JsonPropertyDescription(
      "The point the data was recovered to: the backup's completion time for a logical backup (RFC 3339).")
  private String recoveredTo;

  @JsonPropertyDescription("Physical restores: the WAL position recovery stopped at.")
  private String recoveredToLsn;

  @JsonPropertyDescription("Physical restores: the timeline the recovered cluster continues on.")
  private Integer timeline;

  @JsonPropertyDescription("When the restore started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the restore reached Succeeded or Failed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription(
      "Seconds from startTime to completionTime: the measured recovery time (RTO).")
  private Long durationSeconds;

  @JsonPropertyDescription(
      "Where durationSeconds went, as the agent measured it: download, restore (or WAL replay) and verify.")
  private RestorePhasesStatus phases;

  @JsonPropertyDescription(
      "Deployments scaled to zero and their original replica counts; an entry is removed once scaled back.")
  private List<QuiescedDeployment> quiesced;

  @JsonPropertyDescription("Name of the Job running the restore.")
  private String jobName;

  @JsonPropertyDescription(
      "CamelCase cause of a failure, e.g. BackupNotFound, TargetNotEmpty, VerificationFailed, JobFailed.")
  private String failureReason;

  @JsonPropertyDescription("Human-readable cause of a failure.")
  private String failureMessage;

  @JsonPropertyDescription("Result of a files restore: files extracted and verified, mismatches.")
  private FilesRestoreStatus files;

  @JsonPropertyDescription("Result of a configs restore: objects created, changed, unchanged.")
  private ConfigsRestoreStatus configs;

  @JsonPropertyDescription("The repository the backup was read from.")
  private String repository;

  public RestorePhase getPhase() {
    return phase;
  }

  public void setPhase(RestorePhase phase) {
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

  public String getResolvedBackupRun() {
    return resolvedBackupRun;
  }

  public void setResolvedBackupRun(String resolvedBackupRun) {
    this.resolvedBackupRun = resolvedBackupRun;
  }

  public String getBackupId() {
    return backupId;
  }

  public void setBackupId(String backupId) {
    this.backupId = backupId;
  }

  public List<RestoreStep> getSteps() {
    return steps;
  }

  public void setSteps(List<RestoreStep> steps) {
    this.steps = steps;
  }

  public Verification getVerification() {
    return verification;
  }

  public void setVerification(Verification verification) {
    this.verification = verification;
  }

  public String getRecoveredTo() {
    return recoveredTo;
  }

  public void setRecoveredTo(String recoveredTo) {
    this.recoveredTo = recoveredTo;
  }

  public String getRecoveredToLsn() {
    return recoveredToLsn;
  }

  public void setRecoveredToLsn(String recoveredToLsn) {
    this.recoveredToLsn = recoveredToLsn;
  }

  public Integer getTimeline() {
    return timeline;
  }

  public void setTimeline(Integer timeline) {
    this.timeline = timeline;
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

  public List<QuiescedDeployment> getQuiesced() {
    return quiesced;
  }

  public void setQuiesced(List<QuiescedDeployment> quiesced) {
    this.quiesced = quiesced;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
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

  public FilesRestoreStatus getFiles() {
    return files;
  }

  public void setFiles(FilesRestoreStatus files) {
    this.files = files;
  }

  public ConfigsRestoreStatus getConfigs() {
    return configs;
  }

  public void setConfigs(ConfigsRestoreStatus configs) {
    this.configs = configs;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public RestorePhasesStatus getPhases() {
    return phases;
  }

  public void setPhases(RestorePhasesStatus phases) {
    this.phases = phases;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RestoreRequestStatus)) {
      return false;
    }
    RestoreRequestStatus that = (RestoreRequestStatus) o;
    return Objects.equals(phase, that.phase)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(resolvedBackupRun, that.resolvedBackupRun)
        && Objects.equals(backupId, that.backupId)
        && Objects.equals(steps, that.steps)
        && Objects.equals(verification, that.verification)
        && Objects.equals(recoveredTo, that.recoveredTo)
        && Objects.equals(recoveredToLsn, that.recoveredToLsn)
        && Objects.equals(timeline, that.timeline)
        && Objects.equals(startTime, that.startTime)
        && Objects.equals(completionTime, that.completionTime)
        && Objects.equals(durationSeconds, that.durationSeconds)
        && Objects.equals(quiesced, that.quiesced)
        && Objects.equals(jobName, that.jobName)
        && Objects.equals(failureReason, that.failureReason)
        && Objects.equals(failureMessage, that.failureMessage)
        && Objects.equals(files, that.files)
        && Objects.equals(configs, that.configs)
        && Objects.equals(repository, that.repository)
        && Objects.equals(phases, that.phases);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        phase,
        observedGeneration,
        conditions,
        resolvedBackupRun,
        backupId,
        steps,
        verification,
        recoveredTo,
        recoveredToLsn,
        timeline,
        startTime,
        completionTime,
        durationSeconds,
        quiesced,
        jobName,
        failureReason,
        failureMessage,
        files,
        configs,
        repository,
        phases);
  }
}
