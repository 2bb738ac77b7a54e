package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * A git repository the exported non-Secret objects are committed to (only when something changed)
 * and pushed.
 */
@ValidationRule(
    value = "!self.url.matches('^https?://[^/]*@')",
    message = "the url must not carry credentials: put them in credentialsSecret")
@ValidationRule(
    value =
        "!has(self.path) || (!self.path.startsWith('/') && !self.path.matches('(^|/)[.][.](/|$)'))",
    message = "path must be relative and must not contain a '..' segment")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitTarget {

  @JsonPropertyDescription(
      "Repository URL, https://... or ssh://... (or git@host:org/repo.git); never with credentials in it.")
  @Required
  @Size(min = 1, max = 2048)
  private String url;

  @JsonPropertyDescription("Branch to commit to; created when the remote is empty.")
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9._/-]+$")
  @Default("main")
  private String branch = "main";

  @JsonPropertyDescription(
      "Sub-directory of the repository whose contents the export replaces. Empty: the repository root.")
  @Size(max = 1024)
  private String path;

  @JsonPropertyDescription("Credentials for the push.")
  private GitCredentialsSecret credentialsSecret;

  @JsonPropertyDescription("Commit author name.")
  @Size(min = 1, max = 256)
  @Default("cadang")
  private String authorName = "cadang";

  @JsonPropertyDescription("Commit author e-mail.")
  @Size(min = 1, max = 256)
  @Default("cadang@localhost")
  private String authorEmail = "cadang@localhost";

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public GitCredentialsSecret getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(GitCredentialsSecret credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public String getAuthorName() {
    return authorName;
  }

  public void setAuthorName(String authorName) {
    this.authorName = authorName;
  }

  public String getAuthorEmail() {
    return authorEmail;
  }

  public void setAuthorEmail(String authorEmail) {
    this.authorEmail = authorEmail;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GitTarget)) {
      return false;
    }
    GitTarget that = (GitTarget) o;
    return Objects.equals(url, that.url)
        && Objects.equals(branch, that.branch)
        && Objects.equals(path, that.path)
        && Objects.equals(credentialsSecret, that.credentialsSecret)
        && Objects.equals(authorName, that.authorName)
        && Objects.equals(authorEmail, that.authorEmail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, branch, path, credentialsSecret, authorName, authorEmail);
  }
}
