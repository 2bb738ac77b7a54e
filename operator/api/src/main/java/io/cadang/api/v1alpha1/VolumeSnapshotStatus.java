package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One VolumeSnapshot a run created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSnapshotStatus {

  @JsonPropertyDescription("The PersistentVolumeClaim snapshotted.")
  private String claim;

  @JsonPropertyDescription("Name of the VolumeSnapshot (owned by the run; deleted with it).")
  private String name;

  @JsonPropertyDescription("True once the snapshot can be used to provision a volume.")
  private Boolean readyToUse;

  @JsonPropertyDescription("Minimum size of a volume restored from it, e.g. 10Gi.")
  private String restoreSize;

  @JsonPropertyDescription("Error the snapshot controller reported, if any.")
  private String error;

  public String getClaim() {
    return claim;
  }

  public void setClaim(String claim) {
    this.claim = claim;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getReadyToUse() {
    return readyToUse;
  }

  public void setReadyToUse(Boolean readyToUse) {
    this.readyToUse = readyToUse;
  }

  public String getRestoreSize() {
    return restoreSize;
  }

  public void setRestoreSize(String restoreSize) {
    this.restoreSize = restoreSize;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VolumeSnapshotStatus)) {
      return false;
    }
    VolumeSnapshotStatus that = (VolumeSnapshotStatus) o;
    return Objects.equals(claim, that.claim)
        && Objects.equals(name, that.name)
        && Objects.equals(readyToUse, that.readyToUse)
        && Objects.equals(restoreSize, that.restoreSize)
        && Objects.equals(error, that.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(claim, name, readyToUse, restoreSize, error);
  }
}
