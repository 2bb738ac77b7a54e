package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** Result of a configs restore (or of its dry-run). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigsRestoreStatus {

  @JsonPropertyDescription("Objects that did not exist.")
  private Long created;

  @JsonPropertyDescription("Objects the apply changes.")
  private Long changed;

  @JsonPropertyDescription("Objects already as in the backup.")
  private Long unchanged;

  @JsonPropertyDescription("True when the objects were applied; false after a dry-run only.")
  private Boolean applied;

  @JsonPropertyDescription("The first objects created or changed, as \"Kind namespace/name\".")
  private List<String> changes;

  public Long getCreated() {
    return created;
  }

  public void setCreated(Long created) {
    this.created = created;
  }

  public Long getChanged() {
    return changed;
  }

  public void setChanged(Long changed) {
    this.changed = changed;
  }

  public Long getUnchanged() {
    return unchanged;
  }

  public void setUnchanged(Long unchanged) {
    this.unchanged = unchanged;
  }

  public Boolean getApplied() {
    return applied;
  }

  public void setApplied(Boolean applied) {
    this.applied = applied;
  }

  public List<String> getChanges() {
    return changes;
  }

  public void setChanges(List<String> changes) {
    this.changes = changes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConfigsRestoreStatus)) {
      return false;
    }
    ConfigsRestoreStatus that = (ConfigsRestoreStatus) o;
    return Objects.equals(created, that.created)
        && Objects.equals(changed, that.changed)
        && Objects.equals(unchanged, that.unchanged)
        && Objects.equals(applied, that.applied)
        && Objects.equals(changes, that.changes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(created, changed, unchanged, applied, changes);
  }
}
