package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/**
 * How the operator rebuilds the policy's BackupRuns from its repositories: the repositories are the
 * source of truth, the runs a cache of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositorySync {

  @JsonPropertyDescription(
      "How often the repositories are listed for backups the cluster has no BackupRun for (e.g. 30s, 5m, 1h). A sync also runs when the operator starts and when the policy changes.")
  @Default("5m")
  @Pattern("^[1-9][0-9]{0,5}(s|m|h)$")
  private String interval = "5m";

  @JsonPropertyDescription(
      "Whether retention may delete imported backups. False (the default) keeps every imported backup until you set it, so a policy applied in a new cluster never deletes old backups on its first pass; status.sync.retentionWouldDelete lists what retention would delete.")
  @Default("false")
  private Boolean pruneImported = false;

  @JsonPropertyDescription(
      "Take over a repository whose marker (cadang-repository.json) names another BackupPolicy, e.g. after renaming a policy or moving it to another namespace. Without it such a repository is refused with the RepositorySynced condition naming both policies.")
  @Default("false")
  private Boolean adopt = false;

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Boolean getPruneImported() {
    return pruneImported;
  }

  public void setPruneImported(Boolean pruneImported) {
    this.pruneImported = pruneImported;
  }

  public Boolean getAdopt() {
    return adopt;
  }

  public void setAdopt(Boolean adopt) {
    this.adopt = adopt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepositorySync that
        && Objects.equals(interval, that.interval)
        && Objects.equals(pruneImported, that.pruneImported)
        && Objects.equals(adopt, that.adopt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, pruneImported, adopt);
  }
}
