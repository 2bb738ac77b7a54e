package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Whether the run's row reached the backup log table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupLogStatus {

  @JsonPropertyDescription("True when the row was written.")
  private Boolean written;

  @JsonPropertyDescription("Why it was not written (the agent's warning).")
  private String message;

  public Boolean getWritten() {
    return written;
  }

  public void setWritten(Boolean written) {
    this.written = written;
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
    if (!(o instanceof BackupLogStatus)) {
      return false;
    }
    BackupLogStatus that = (BackupLogStatus) o;
    return Objects.equals(written, that.written) && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(written, message);
  }
}
