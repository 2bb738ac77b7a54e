package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Objects;

/**
 * The schema of one status condition, identical in shape to {@link Condition} (metav1.Condition).
 *
 * <p>Only the CRD generator reads this class: fabric8's {@code Condition} carries no field
 * descriptions, and every field of a Cadang CRD must explain itself in {@code kubectl explain}.
 * Status code keeps using {@code Condition}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConditionSchema {

  @JsonPropertyDescription(
      "Condition type in CamelCase, e.g. Ready, LastBackupSucceeded, BackupsCurrent, Complete, Failed.")
  @Required
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  @Pattern("^(True|False|Unknown)$")
  private String status;

  @JsonPropertyDescription("The metadata.generation the condition was set from.")
  private Long observedGeneration;

  @JsonPropertyDescription("When the condition's status last changed (RFC 3339).")
  private String lastTransitionTime;

  @JsonPropertyDescription(
      "Machine-readable CamelCase reason for the last transition, e.g. InvalidSchedule, SecretMissing, BackupSucceeded.")
  private String reason;

  @JsonPropertyDescription(
      "Human-readable detail: what is wrong and, where it helps, how to fix it.")
  private String message;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConditionSchema)) {
      return false;
    }
    ConditionSchema that = (ConditionSchema) o;
    return Objects.equals(type, that.type)
        && Objects.equals(status, that.status)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(lastTransitionTime, that.lastTransitionTime)
        && Objects.equals(reason, that.reason)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
  }
}
