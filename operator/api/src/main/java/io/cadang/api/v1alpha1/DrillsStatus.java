package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the drills of a policy found. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrillsStatus {

  @JsonPropertyDescription("The last drill slot handled (created or skipped).")
  private String lastScheduleTime;

  @JsonPropertyDescription("When the next drill is due.")
  private String nextScheduleTime;

  @JsonPropertyDescription(
      "The newest finished drill RestoreRequest of this policy (scheduled or applied by hand).")
  private String lastDrill;

  @JsonPropertyDescription("Succeeded or Failed.")
  private String lastResult;

  @JsonPropertyDescription(
      "The newest successful drill's measured time from start to verified: the measured RTO (a failed drill proves no time).")
  private Long lastDurationSeconds;

  @JsonPropertyDescription(
      "The newest successful drill's time by phase: download, restore or replay, verify.")
  private RestorePhasesStatus lastPhases;

  @JsonPropertyDescription("When the newest successful drill finished.")
  private String lastSuccessTime;

  @JsonPropertyDescription("A slot skipped because a backup or restore of the policy was active.")
  private String lastSkippedSlot;

  @JsonPropertyDescription(
      "What the newest successful drill proved, e.g. row counts, checksums, pg_amcheck and application checks.")
  private String lastVerification;

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

  public String getLastDrill() {
    return lastDrill;
  }

  public void setLastDrill(String lastDrill) {
    this.lastDrill = lastDrill;
  }

  public String getLastResult() {
    return lastResult;
  }

  public void setLastResult(String lastResult) {
    this.lastResult = lastResult;
  }

  public Long getLastDurationSeconds() {
    return lastDurationSeconds;
  }

  public void setLastDurationSeconds(Long lastDurationSeconds) {
    this.lastDurationSeconds = lastDurationSeconds;
  }

  public String getLastSuccessTime() {
    return lastSuccessTime;
  }

  public void setLastSuccessTime(String lastSuccessTime) {
    this.lastSuccessTime = lastSuccessTime;
  }

  public String getLastSkippedSlot() {
    return lastSkippedSlot;
  }

  public void setLastSkippedSlot(String lastSkippedSlot) {
    this.lastSkippedSlot = lastSkippedSlot;
  }

  public String getLastVerification() {
    return lastVerification;
  }

  public void setLastVerification(String lastVerification) {
    this.lastVerification = lastVerification;
  }

  public RestorePhasesStatus getLastPhases() {
    return lastPhases;
  }

  public void setLastPhases(RestorePhasesStatus lastPhases) {
    this.lastPhases = lastPhases;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DrillsStatus that)) {
      return false;
    }
    return Objects.equals(lastScheduleTime, that.lastScheduleTime)
        && Objects.equals(nextScheduleTime, that.nextScheduleTime)
        && Objects.equals(lastDrill, that.lastDrill)
        && Objects.equals(lastResult, that.lastResult)
        && Objects.equals(lastDurationSeconds, that.lastDurationSeconds)
        && Objects.equals(lastSuccessTime, that.lastSuccessTime)
        && Objects.equals(lastSkippedSlot, that.lastSkippedSlot)
        && Objects.equals(lastVerification, that.lastVerification)
        && Objects.equals(lastPhases, that.lastPhases);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        lastScheduleTime,
        nextScheduleTime,
        lastDrill,
        lastResult,
        lastDurationSeconds,
        lastSuccessTime,
        lastSkippedSlot,
        lastVerification,
        lastPhases);
  }
}
