package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Vault's Kubernetes auth method: the Job logs in with its service account token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VaultKubernetesAuth {

  @JsonPropertyDescription("Vault role bound to the Job's service account.")
  @Required
  @Size(min = 1, max = 128)
  private String role;

  @JsonPropertyDescription("Mount path of the Kubernetes auth method.")
  @Size(min = 1, max = 128)
  @Pattern("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
  @Default("kubernetes")
  private String mount = "kubernetes";

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getMount() {
    return mount;
  }

  public void setMount(String mount) {
    this.mount = mount;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VaultKubernetesAuth)) {
      return false;
    }
    VaultKubernetesAuth that = (VaultKubernetesAuth) o;
    return Objects.equals(role, that.role) && Objects.equals(mount, that.mount);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, mount);
  }
}
