package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Facts about the PostgreSQL server at backup time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresFacts {

  @JsonPropertyDescription("server_version of the backed-up server, e.g. 15.8.")
  private String serverVersion;

  @JsonPropertyDescription(
      "Physical backups: WAL position where the base backup started; WAL from here on is needed to restore it.")
  private String startLsn;

  @JsonPropertyDescription(
      "Physical backups: WAL position where the base backup ended (the earliest consistent point).")
  private String stopLsn;

  @JsonPropertyDescription("Physical backups: the server's timeline during the backup.")
  private Integer timeline;

  @JsonPropertyDescription("Physical backups: the server's system identifier.")
  private String systemIdentifier;

  public String getServerVersion() {
    return serverVersion;
  }

  public void setServerVersion(String serverVersion) {
    this.serverVersion = serverVersion;
  }

  public String getStartLsn() {
    return startLsn;
  }

  public void setStartLsn(String startLsn) {
    this.startLsn = startLsn;
  }

  public String getStopLsn() {
    return stopLsn;
  }

  public void setStopLsn(String stopLsn) {
    this.stopLsn = stopLsn;
  }

  public Integer getTimeline() {
    return timeline;
  }

  public void setTimeline(Integer timeline) {
    this.timeline = timeline;
  }

  public String getSystemIdentifier() {
    return systemIdentifier;
  }

  public void setSystemIdentifier(String systemIdentifier) {
    this.systemIdentifier = systemIdentifier;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PostgresFacts)) {
      return false;
    }
    PostgresFacts that = (PostgresFacts) o;
    return Objects.equals(serverVersion, that.serverVersion)
        && Objects.equals(startLsn, that.startLsn)
        && Objects.equals(stopLsn, that.stopLsn)
        && Objects.equals(timeline, that.timeline)
        && Objects.equals(systemIdentifier, that.systemIdentifier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serverVersion, startLsn, stopLsn, timeline, systemIdentifier);
  }
}
