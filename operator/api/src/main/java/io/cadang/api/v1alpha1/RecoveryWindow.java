package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The span of time a point-in-time restore of a Physical policy can reach. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryWindow {

  @JsonPropertyDescription(
      "Earliest restorable moment (RFC 3339): when the oldest kept physical base backup finished.")
  private String earliest;

  @JsonPropertyDescription(
      "Latest restorable moment (RFC 3339): the archivedAt of the WAL streamer, or the newest base backup when pitr is off.")
  private String latest;

  public RecoveryWindow() {}

  public RecoveryWindow(String earliest, String latest) {
    this.earliest = earliest;
    this.latest = latest;
  }

  public String getEarliest() {
    return earliest;
  }

  public void setEarliest(String earliest) {
    this.earliest = earliest;
  }

  public String getLatest() {
    return latest;
  }

  public void setLatest(String latest) {
    this.latest = latest;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RecoveryWindow)) {
      return false;
    }
    RecoveryWindow that = (RecoveryWindow) o;
    return Objects.equals(earliest, that.earliest) && Objects.equals(latest, that.latest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(earliest, latest);
  }

  @Override
  public String toString() {
    return earliest + " … " + latest;
  }
}
