package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * HashiCorp Vault transit: each artifact's random data key is wrapped by Vault; the master key
 * never leaves Vault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VaultTransit {

  @JsonPropertyDescription("Vault address, e.g. https://vault.vault.svc:8200.")
  @Required
  @Size(min = 1, max = 512)
  @Pattern("^https?://\\S+$")
  private String address;

  @JsonPropertyDescription("Mount path of the transit secrets engine.")
  @Size(min = 1, max = 128)
  @Pattern("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
  @Default("transit")
  private String transitMount = "transit";

  @JsonPropertyDescription("Name of the transit key that wraps data keys.")
  @Required
  @Size(min = 1, max = 128)
  @Pattern("^[A-Za-z0-9_.-]+$")
  private String key;

  @JsonPropertyDescription("Vault Enterprise namespace; empty for none.")
  @Size(max = 256)
  private String namespace;

  @JsonPropertyDescription("How the Job authenticates to Vault.")
  @Required
  private VaultAuth auth;

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getTransitMount() {
    return transitMount;
  }

  public void setTransitMount(String transitMount) {
    this.transitMount = transitMount;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public VaultAuth getAuth() {
    return auth;
  }

  public void setAuth(VaultAuth auth) {
    this.auth = auth;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VaultTransit)) {
      return false;
    }
    VaultTransit that = (VaultTransit) o;
    return Objects.equals(address, that.address)
        && Objects.equals(transitMount, that.transitMount)
        && Objects.equals(key, that.key)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(auth, that.auth);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, transitMount, key, namespace, auth);
  }
}
