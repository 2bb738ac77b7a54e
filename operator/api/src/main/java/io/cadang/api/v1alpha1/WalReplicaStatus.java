package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The WAL one replica repository holds, as its own wal/status.json says, and how far it trails. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WalReplicaStatus {

  @JsonPropertyDescription("Name of the replica repository (spec.storage.replicas[].name).")
  private String repository;

  @JsonPropertyDescription("Everything up to this WAL position is in the replica.")
  private String archivedLsn;

  @JsonPropertyDescription(
      "The latest point a restore from this replica reaches (RFC 3339): archivedAt of the replica's wal/status.json.")
  private String archivedAt;

  @JsonPropertyDescription(
      "Seconds the replica trails the primary archive (primary archivedAt minus replica archivedAt); empty while the replica holds no WAL.")
  private Long lagSeconds;

  @JsonPropertyDescription("Bytes of WAL the primary holds that the replica does not.")
  private Long lagBytes;

  @JsonPropertyDescription(
      "Why the replica's WAL could not be judged, e.g. it cannot be read or holds another PostgreSQL system's WAL.")
  private String message;

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
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

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WalReplicaStatus that
        && Objects.equals(repository, that.repository)
        && Objects.equals(archivedLsn, that.archivedLsn)
        && Objects.equals(archivedAt, that.archivedAt)
        && Objects.equals(lagSeconds, that.lagSeconds)
        && Objects.equals(lagBytes, that.lagBytes)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, archivedLsn, archivedAt, lagSeconds, lagBytes, message);
  }
}
