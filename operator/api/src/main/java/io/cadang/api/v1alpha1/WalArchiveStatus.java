package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the WAL streamer last reported (wal/status.json), as the operator read it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WalArchiveStatus {

  @JsonPropertyDescription("Timeline of the newest archived WAL.")
  private Integer timeline;

  @JsonPropertyDescription("Name of the newest WAL segment archived (complete or partial).")
  private String lastSegment;

  @JsonPropertyDescription("Everything up to this WAL position is in the repository.")
  private String archivedLsn;

  @JsonPropertyDescription(
      "When everything up to archivedLsn was durable (RFC 3339); the latest restorable point.")
  private String archivedAt;

  @JsonPropertyDescription("The server's WAL position when the streamer last reported.")
  private String serverLsn;

  @JsonPropertyDescription(
      "How far the archive was behind when the streamer last reported (updatedAt - archivedAt), in seconds.")
  private Long lagSeconds;

  @JsonPropertyDescription("serverLsn minus archivedLsn, in bytes.")
  private Long lagBytes;

  @JsonPropertyDescription("When the streamer last reported (RFC 3339).")
  private String updatedAt;

  @JsonPropertyDescription(
      "Each replica repository's WAL: how far a point-in-time restore from it reaches and how far it trails the primary.")
  private java.util.List<WalReplicaStatus> replicas;

  public java.util.List<WalReplicaStatus> getReplicas() {
    return replicas;
  }

  public void setReplicas(java.util.List<WalReplicaStatus> replicas) {
    this.replicas = replicas;
  }

  public Integer getTimeline() {
    return timeline;
  }

  public void setTimeline(Integer timeline) {
    this.timeline = timeline;
  }

  public String getLastSegment() {
    return lastSegment;
  }

  public void setLastSegment(String lastSegment) {
    this.lastSegment = lastSegment;
  }

  public String getArchivedLsn() {
    return archivedLsn;
  }

  public void setArchivedLsn(String archivedLsn) {
    this.archivedLsn = archivedLsn;
  }

  public String getArchivedAt() {
    return archivedAt;
  }

  public void setArchivedAt(String archivedAt) {
    this.archivedAt = archivedAt;
  }

  public String getServerLsn() {
    return serverLsn;
  }

  public void setServerLsn(String serverLsn) {
    this.serverLsn = serverLsn;
  }

  public Long getLagSeconds() {
    return lagSeconds;
  }

  public void setLagSeconds(Long lagSeconds) {
    this.lagSeconds = lagSeconds;
  }

  public Long getLagBytes() {
    return lagBytes;
  }

  public void setLagBytes(Long lagBytes) {
    this.lagBytes = lagBytes;
  }

  public String getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(String updatedAt) {
    this.updatedAt = updatedAt;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WalArchiveStatus)) {
      return false;
    }
    WalArchiveStatus that = (WalArchiveStatus) o;
    return Objects.equals(timeline, that.timeline)
        && Objects.equals(lastSegment, that.lastSegment)
        && Objects.equals(archivedLsn, that.archivedLsn)
        && Objects.equals(archivedAt, that.archivedAt)
        && Objects.equals(serverLsn, that.serverLsn)
        && Objects.equals(lagSeconds, that.lagSeconds)
        && Objects.equals(lagBytes, that.lagBytes)
        && Objects.equals(updatedAt, that.updatedAt)
        && Objects.equals(replicas, that.replicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        timeline,
        lastSegment,
        archivedLsn,
        archivedAt,
        serverLsn,
        lagSeconds,
        lagBytes,
        updatedAt,
        replicas);
  }
}
