package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * How backups are encrypted (AES-256-GCM with a fresh data key per artifact): exactly one key
 * provider, vault or secretKey.
 */
@ValidationRule(
    value = "has(self.vault) != has(self.secretKey)",
    message = "set exactly one key provider: vault or secretKey")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Encryption {

  @JsonPropertyDescription("Wrap data keys with a Vault transit key.")
  private VaultTransit vault;

  @JsonPropertyDescription(
      "Wrap data keys with a 256-bit master key (base64 or hex) held in a Secret, e.g. made by `cadang keygen`. Keep a copy outside the cluster: without it no backup can be restored.")
  private SecretKeyRef secretKey;

  public VaultTransit getVault() {
    return vault;
  }

  public void setVault(VaultTransit vault) {
    this.vault = vault;
  }

  public SecretKeyRef getSecretKey() {
    return secretKey;
  }

  public void setSecretKey(SecretKeyRef secretKey) {
    this.secretKey = secretKey;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Encryption)) {
      return false;
    }
    Encryption that = (Encryption) o;
    return Objects.equals(vault, that.vault) && Objects.equals(secretKey, that.secretKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vault, secretKey);
  }
}
