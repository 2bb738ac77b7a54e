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

  public Repository getPrimary() {
    return primary;
  }

  public void setPrimary(Repository primary) {
    this.primary = primary;
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
    return Objects.equals(primary, that.primary) && Objects.equals(replicas, that.replicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(primary, replicas);
  }
}
