package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One step of the restore, e.g. Resolve, Quiesce, Download, Restore, Verify, Unquiesce. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreStep {

  @JsonPropertyDescription("Step name.")
  private String name;

  @JsonPropertyDescription("Pending, Running, Succeeded, Failed or Skipped.")
  private StepState state;

  @JsonPropertyDescription("When the step started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the step finished (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("Detail, e.g. the number of tables restored or why the step failed.")
  private String message;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public StepState getState() {
    return state;
  }

  public void setState(StepState state) {
    this.state = state;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
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
    if (!(o instanceof RestoreStep)) {
      return false;
    }
    RestoreStep that = (RestoreStep) o;
    return Objects.equals(name, that.name)
        && Objects.equals(state, that.state)
        && Objects.equals(startedAt, that.startedAt)
        && Objects.equals(finishedAt, that.finishedAt)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, state, startedAt, finishedAt, message);
  }
}
