package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes objects exported as clean YAML (one file per object, server-managed fields removed)
 * into an encrypted archive, and optionally committed to git (Secrets never). The agent reads them
 * with the Job's service account: set spec.job.serviceAccountName to an account allowed to get and
 * list these kinds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigsSource {

  @JsonPropertyDescription("Kinds to export.")
  @Required
  @Size(min = 1, max = 64)
  private List<ResourceKind> resources;

  @JsonPropertyDescription(
      "Namespaces to export from. Empty: the policy's namespace. Ignored for cluster-scoped kinds.")
  @Size(max = 64)
  private List<@Size(min = 1, max = 63) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String>
      namespaces;

  @JsonPropertyDescription("Label selector the objects must match, e.g. app=luxima.")
  @Size(max = 1024)
  private String labelSelector;

  @JsonPropertyDescription("A git repository to commit the non-Secret objects to.")
  private GitTarget git;

  public List<ResourceKind> getResources() {
    return resources;
  }

  public void setResources(List<ResourceKind> resources) {
    this.resources = resources;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public String getLabelSelector() {
    return labelSelector;
  }

  public void setLabelSelector(String labelSelector) {
    this.labelSelector = labelSelector;
  }

  public GitTarget getGit() {
    return git;
  }

  public void setGit(GitTarget git) {
    this.git = git;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConfigsSource)) {
      return false;
    }
    ConfigsSource that = (ConfigsSource) o;
    return Objects.equals(resources, that.resources)
        && Objects.equals(namespaces, that.namespaces)
        && Objects.equals(labelSelector, that.labelSelector)
        && Objects.equals(git, that.git);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resources, namespaces, labelSelector, git);
  }
}
