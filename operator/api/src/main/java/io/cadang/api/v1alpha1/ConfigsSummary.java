package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What a configs backup exported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigsSummary {

  @JsonPropertyDescription("Objects exported.")
  private Long objects;

  @JsonPropertyDescription("Secrets among them (archived encrypted, never committed to git).")
  private Long secrets;

  @JsonPropertyDescription("The git repository the export was committed to (without credentials).")
  private String gitUrl;

  @JsonPropertyDescription("The git branch.")
  private String gitBranch;

  @JsonPropertyDescription("The commit made; empty when nothing changed since the previous export.")
  private String gitCommit;

  @JsonPropertyDescription("True when the commit reached the remote.")
  private Boolean gitPushed;

  public Long getObjects() {
    return objects;
  }

  public void setObjects(Long objects) {
    this.objects = objects;
  }

  public Long getSecrets() {
    return secrets;
  }

  public void setSecrets(Long secrets) {
    this.secrets = secrets;
  }

  public String getGitUrl() {
    return gitUrl;
  }

  public void setGitUrl(String gitUrl) {
    this.gitUrl = gitUrl;
  }

  public String getGitBranch() {
    return gitBranch;
  }

  public void setGitBranch(String gitBranch) {
    this.gitBranch = gitBranch;
  }

  public String getGitCommit() {
    return gitCommit;
  }

  public void setGitCommit(String gitCommit) {
    this.gitCommit = gitCommit;
  }

  public Boolean getGitPushed() {
    return gitPushed;
  }

  public void setGitPushed(Boolean gitPushed) {
    this.gitPushed = gitPushed;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConfigsSummary)) {
      return false;
    }
    ConfigsSummary that = (ConfigsSummary) o;
    return Objects.equals(objects, that.objects)
        && Objects.equals(secrets, that.secrets)
        && Objects.equals(gitUrl, that.gitUrl)
        && Objects.equals(gitBranch, that.gitBranch)
        && Objects.equals(gitCommit, that.gitCommit)
        && Objects.equals(gitPushed, that.gitPushed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(objects, secrets, gitUrl, gitBranch, gitCommit, gitPushed);
  }
}
