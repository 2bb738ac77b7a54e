package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Applications to stop during the restore: each Deployment is scaled to zero before and back to its
 * original replica count after, also when the restore fails.
 */
@ValidationRule(
    value = "self.deployments.all(d, size(d) > 0 && size(d) <= 253)",
    message = "each Deployment name must be 1 to 253 characters")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Quiesce {

  @JsonPropertyDescription("Names of Deployments in this namespace.")
  @Required
  @Size(min = 1, max = 32)
  private List<String> deployments;

  public List<String> getDeployments() {
    return deployments;
  }

  public void setDeployments(List<String> deployments) {
    this.deployments = deployments;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Quiesce)) {
      return false;
    }
    Quiesce that = (Quiesce) o;
    return Objects.equals(deployments, that.deployments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deployments);
  }
}
