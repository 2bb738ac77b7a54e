package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Where backups go: one primary repository, written first, and any number of replicas (e.g. another
 * region).
 */
@ValidationRule(
    value = "!has(self.replicas) || self.replicas.all(r, r.name != self.primary.name)",
    message = "a replica repository must not have the primary's name")
@ValidationRule(
    value =
        "!has(self.replicas) || self.replicas.all(r, self.replicas.exists_one(o, o.name == r.name))",
    message = "replica repository names must be unique")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Storage {

  @JsonPropertyDescription(
      "The repository every backup is written to; a backup succeeds only when its artifacts and manifest are durable here.")
  @Required
  private Repository primary;

  @JsonPropertyDescription(
      "Further repositories each backup is copied to after it succeeded in the primary; their state shows in BackupRun status.replication.")
  @Size(max = 8)
  private List<Repository> replicas;

  @JsonPropertyDescription(
      "How long after a backup's data is deleted from the primary (by retention or on purpose) its copies in the replicas are deleted, e.g. 24h or 7d. A deletion never reaches every region in one step: a mistake, or a stolen credential used against the primary, leaves the replicas whole for this long, and the BackupRun (held by its finalizer) shows when they go.")
  @io.fabric8.generator.annotation.Default("24h")
  @io.fabric8.generator.annotation.Pattern("^[0-9]{1,6}(s|m|h|d)$")
  private String replicaDeletionDelay = "24h";

  public Repository getPrimary() {
    return primary;
  }

  public void setPrimary(Repository primary) {
    this.primary = primary;
  }

  public String getReplicaDeletionDelay() {
    return replicaDeletionDelay;
  }

  public void setReplicaDeletionDelay(String replicaDeletionDelay) {
    this.replicaDeletionDelay = replicaDeletionDelay;
  }

  public List<Repository> getReplicas() {
    return replicas;
  }

  public void setReplicas(List<Repository> replicas) {
    this.replicas = replicas;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Storage)) {
      return false;
    }
    Storage that = (Storage) o;
    return Objects.equals(primary, that.primary)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(replicaDeletionDelay, that.replicaDeletionDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(primary, replicas, replicaDeletionDelay);
  }
}
