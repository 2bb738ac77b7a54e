package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * CSI VolumeSnapshots of PersistentVolumeClaims, taken by the operator itself (no Job, no
 * repository). Needs the snapshot.storage.k8s.io CRDs and a CSI driver that supports snapshots.
 */
@ValidationRule(
    value = "self.claims.all(c, self.claims.exists_one(o, o == c))",
    message = "claims must be unique")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSnapshotsSource {

  @JsonPropertyDescription("PersistentVolumeClaims in the policy's namespace to snapshot.")
  @Required
  @Size(min = 1, max = 32)
  private List<
          @Size(min = 1, max = 253)
          @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$") String>
      claims;

  @JsonPropertyDescription(
      "VolumeSnapshotClass to use. Empty: the cluster's default class for the claim's driver.")
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String volumeSnapshotClassName;

  @JsonPropertyDescription(
      "How many successful snapshot runs to keep (retention for this source; spec.retention is not allowed).")
  @Min(1)
  @Max(1000)
  @Default("2")
  private Integer keep = 2;

  public List<String> getClaims() {
    return claims;
  }

  public void setClaims(List<String> claims) {
    this.claims = claims;
  }

  public String getVolumeSnapshotClassName() {
    return volumeSnapshotClassName;
  }

  public void setVolumeSnapshotClassName(String volumeSnapshotClassName) {
    this.volumeSnapshotClassName = volumeSnapshotClassName;
  }

  public Integer getKeep() {
    return keep;
  }

  public void setKeep(Integer keep) {
    this.keep = keep;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VolumeSnapshotsSource)) {
      return false;
    }
    VolumeSnapshotsSource that = (VolumeSnapshotsSource) o;
    return Objects.equals(claims, that.claims)
        && Objects.equals(volumeSnapshotClassName, that.volumeSnapshotClassName)
        && Objects.equals(keep, that.keep);
  }

  @Override
  public int hashCode() {
    return Objects.hash(claims, volumeSnapshotClassName, keep);
  }
}
