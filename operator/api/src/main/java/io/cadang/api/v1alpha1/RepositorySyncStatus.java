package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What the last repository sync found. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositorySyncStatus {

  @JsonPropertyDescription("When the repositories were last listed completely (RFC 3339).")
  private String lastSyncedTime;

  @JsonPropertyDescription(
      "Complete backups (manifest present) found in the policy's repositories at the last sync.")
  private Integer backups;

  @JsonPropertyDescription("BackupRuns of this policy that were imported from the repositories.")
  private Integer imported;

  @JsonPropertyDescription(
      "Backups not imported because they are incomplete, damaged or of another PostgreSQL system.")
  private Integer refused;

  @JsonPropertyDescription("Up to 20 refused backups, each as '<backup id>: <why>'.")
  private List<String> refusedBackups;

  @JsonPropertyDescription(
      "Imported BackupRuns that retention would delete if spec.repositorySync.pruneImported were true (up to 50).")
  private List<String> retentionWouldDelete;

  public String getLastSyncedTime() {
    return lastSyncedTime;
  }

  public void setLastSyncedTime(String lastSyncedTime) {
    this.lastSyncedTime = lastSyncedTime;
  }

  public Integer getBackups() {
    return backups;
  }

  public void setBackups(Integer backups) {
    this.backups = backups;
  }

  public Integer getImported() {
    return imported;
  }

  public void setImported(Integer imported) {
    this.imported = imported;
  }

  public Integer getRefused() {
    return refused;
  }

  public void setRefused(Integer refused) {
    this.refused = refused;
  }

  public List<String> getRefusedBackups() {
    return refusedBackups;
  }

  public void setRefusedBackups(List<String> refusedBackups) {
    this.refusedBackups = refusedBackups;
  }

  public List<String> getRetentionWouldDelete() {
    return retentionWouldDelete;
  }

  public void setRetentionWouldDelete(List<String> retentionWouldDelete) {
    this.retentionWouldDelete = retentionWouldDelete;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepositorySyncStatus that
        && Objects.equals(lastSyncedTime, that.lastSyncedTime)
        && Objects.equals(backups, that.backups)
        && Objects.equals(imported, that.imported)
        && Objects.equals(refused, that.refused)
        && Objects.equals(refusedBackups, that.refusedBackups)
        && Objects.equals(retentionWouldDelete, that.retentionWouldDelete);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        lastSyncedTime, backups, imported, refused, refusedBackups, retentionWouldDelete);
  }
}
