package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** How the Job authenticates to Vault: exactly one of kubernetes or tokenSecret. */
@ValidationRule(
    value = "has(self.kubernetes) != has(self.tokenSecret)",
    message = "set exactly one of kubernetes or tokenSecret")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VaultAuth {

  @JsonPropertyDescription(
      "Log in with the pod's service account (recommended; nothing long-lived to store).")
  private VaultKubernetesAuth kubernetes;

  @JsonPropertyDescription("A Secret key holding a Vault token.")
  private SecretKeyRef tokenSecret;

  public VaultKubernetesAuth getKubernetes() {
    return kubernetes;
  }

  public void setKubernetes(VaultKubernetesAuth kubernetes) {
    this.kubernetes = kubernetes;
  }

  public SecretKeyRef getTokenSecret() {
    return tokenSecret;
  }

  public void setTokenSecret(SecretKeyRef tokenSecret) {
    this.tokenSecret = tokenSecret;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VaultAuth)) {
      return false;
    }
    VaultAuth that = (VaultAuth) o;
    return Objects.equals(kubernetes, that.kubernetes)
        && Objects.equals(tokenSecret, that.tokenSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kubernetes, tokenSecret);
  }
}
