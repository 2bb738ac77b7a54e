package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Settings of the Kubernetes Jobs that run the cadang agent for this policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobTemplate {

  @JsonPropertyDescription(
      "Agent image; empty: the operator's configured default (same version as the operator).")
  @Size(max = 512)
  private String image;

  @JsonPropertyDescription(
      "Service account of the Job's pod (e.g. bound to a Vault role or an IAM role); empty: the namespace's default.")
  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "CPU and memory requests and limits of the agent container (core/v1 ResourceRequirements; see kubectl explain pod.spec.containers.resources).")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Retries of a failed pod before the Job, and so the BackupRun, fails.")
  @Min(0)
  @Max(10)
  @Default("1")
  private Integer backoffLimit = 1;

  @JsonPropertyDescription(
      "Longest a Job may run, in seconds, before it is stopped and the run fails with DeadlineExceeded; empty: no limit.")
  @Min(1)
  private Long activeDeadlineSeconds;

  @JsonPropertyDescription("Node labels the Job's pod must match.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription(
      "Tolerations of the Job's pod (core/v1 Toleration; see kubectl explain pod.spec.tolerations).")
  private List<Toleration> tolerations;

  @JsonPropertyDescription(
      "Affinity of the Job's pod (core/v1 Affinity; see kubectl explain pod.spec.affinity).")
  private Affinity affinity;

  @JsonPropertyDescription("Extra labels on the Job's pod, e.g. for network policies.")
  private Map<String, String> podLabels;

  @JsonPropertyDescription(
      "Extra annotations on the Job's pod, e.g. for a service mesh or Vault agent opt-out.")
  private Map<String, String> podAnnotations;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  public void setPodLabels(Map<String, String> podLabels) {
    this.podLabels = podLabels;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof JobTemplate)) {
      return false;
    }
    JobTemplate that = (JobTemplate) o;
    return Objects.equals(image, that.image)
        && Objects.equals(serviceAccountName, that.serviceAccountName)
        && Objects.equals(resources, that.resources)
        && Objects.equals(backoffLimit, that.backoffLimit)
        && Objects.equals(activeDeadlineSeconds, that.activeDeadlineSeconds)
        && Objects.equals(nodeSelector, that.nodeSelector)
        && Objects.equals(tolerations, that.tolerations)
        && Objects.equals(affinity, that.affinity)
        && Objects.equals(podLabels, that.podLabels)
        && Objects.equals(podAnnotations, that.podAnnotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        image,
        serviceAccountName,
        resources,
        backoffLimit,
        activeDeadlineSeconds,
        nodeSelector,
        tolerations,
        affinity,
        podLabels,
        podAnnotations);
  }
}
