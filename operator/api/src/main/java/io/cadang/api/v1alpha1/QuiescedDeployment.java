package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * A Deployment scaled to zero for the restore. Recorded before scaling, so an operator restart in
 * between still scales it back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuiescedDeployment {

  @JsonPropertyDescription("Name of the Deployment.")
  private String deployment;

  @JsonPropertyDescription("Replicas it had before, restored afterwards.")
  private Integer originalReplicas;

  public String getDeployment() {
    return deployment;
  }

  public void setDeployment(String deployment) {
    this.deployment = deployment;
  }

  public Integer getOriginalReplicas() {
    return originalReplicas;
  }

  public void setOriginalReplicas(Integer originalReplicas) {
    this.originalReplicas = originalReplicas;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof QuiescedDeployment)) {
      return false;
    }
    QuiescedDeployment that = (QuiescedDeployment) o;
    return Objects.equals(deployment, that.deployment)
        && Objects.equals(originalReplicas, that.originalReplicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deployment, originalReplicas);
  }
}
