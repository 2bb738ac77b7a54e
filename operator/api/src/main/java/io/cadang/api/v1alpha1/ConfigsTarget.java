package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * Re-apply a configs backup with server-side apply (field manager cadang-restore). A server dry-run
 * always comes first and lists what would be created or changed. The Job uses the policy's
 * spec.job.serviceAccountName, which must be allowed to patch the kinds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigsTarget {

  @JsonPropertyDescription("Stop after the dry-run: report what would change, apply nothing.")
  @Default("false")
  private Boolean dryRun = false;

  @JsonPropertyDescription(
      "Restore only objects of these namespaces. Empty: every object in the backup.")
  @Size(max = 64)
  private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String>
      namespaces;

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConfigsTarget)) {
      return false;
    }
    ConfigsTarget that = (ConfigsTarget) o;
    return Objects.equals(dryRun, that.dryRun) && Objects.equals(namespaces, that.namespaces);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dryRun, namespaces);
  }
}
