package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * A Secret with the git credentials; values reach the Job only as environment variables
 * (CADANG_GIT_TOKEN, CADANG_GIT_SSH_KEY, CADANG_GIT_KNOWN_HOSTS).
 */
@ValidationRule(
    value = "has(self.tokenKey) || has(self.sshPrivateKeyKey)",
    message = "set tokenKey (HTTPS) or sshPrivateKeyKey (SSH)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitCredentialsSecret {

  @JsonPropertyDescription("Name of the Secret in the policy's namespace.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String name;

  @JsonPropertyDescription("Key holding an HTTPS access token (user x-access-token).")
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  private String tokenKey;

  @JsonPropertyDescription("Key holding an SSH private key (OpenSSH format).")
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  private String sshPrivateKeyKey;

  @JsonPropertyDescription(
      "Key holding known_hosts lines for the SSH server; without it SSH host keys are not trusted.")
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  private String knownHostsKey;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTokenKey() {
    return tokenKey;
  }

  public void setTokenKey(String tokenKey) {
    this.tokenKey = tokenKey;
  }

  public String getSshPrivateKeyKey() {
    return sshPrivateKeyKey;
  }

  public void setSshPrivateKeyKey(String sshPrivateKeyKey) {
    this.sshPrivateKeyKey = sshPrivateKeyKey;
  }

  public String getKnownHostsKey() {
    return knownHostsKey;
  }

  public void setKnownHostsKey(String knownHostsKey) {
    this.knownHostsKey = knownHostsKey;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GitCredentialsSecret)) {
      return false;
    }
    GitCredentialsSecret that = (GitCredentialsSecret) o;
    return Objects.equals(name, that.name)
        && Objects.equals(tokenKey, that.tokenKey)
        && Objects.equals(sshPrivateKeyKey, that.sshPrivateKeyKey)
        && Objects.equals(knownHostsKey, that.knownHostsKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, tokenKey, sshPrivateKeyKey, knownHostsKey);
  }
}
