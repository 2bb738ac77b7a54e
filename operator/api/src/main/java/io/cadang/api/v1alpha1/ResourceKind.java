package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Kubernetes resource kind to export, by apiVersion and kind (CRD kinds too). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceKind {

  @JsonPropertyDescription(
      "API version of the kind, e.g. v1 for core kinds or apps/v1, cert-manager.io/v1.")
  @Required
  @Size(min = 1, max = 316)
  @Pattern("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?$")
  private String apiVersion;

  @JsonPropertyDescription("The kind, e.g. Deployment, ConfigMap, Certificate.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  private String kind;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ResourceKind)) {
      return false;
    }
    ResourceKind that = (ResourceKind) o;
    return Objects.equals(apiVersion, that.apiVersion) && Objects.equals(kind, that.kind);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind);
  }
}
