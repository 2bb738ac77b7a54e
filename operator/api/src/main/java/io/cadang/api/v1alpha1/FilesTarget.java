package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A PersistentVolumeClaim a files backup is extracted into (mounted read-write at /restore); every
 * regular file is then checked against its SHA-256 from the backup.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesTarget {

  @JsonPropertyDescription("Name of the PersistentVolumeClaim in this namespace.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String claimName;

  @JsonPropertyDescription("Directory inside the claim to extract into. Empty: the claim's root.")
  @Size(min = 1, max = 253)
  @Pattern("^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
  private String subPath;

  @JsonPropertyDescription(
      "Extract into a target that is not empty, replacing files of the same name. Without it a non-empty target fails the restore with TargetNotEmpty.")
  @Default("false")
  private Boolean overwrite = false;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getSubPath() {
    return subPath;
  }

  public void setSubPath(String subPath) {
    this.subPath = subPath;
  }

  public Boolean getOverwrite() {
    return overwrite;
  }

  public void setOverwrite(Boolean overwrite) {
    this.overwrite = overwrite;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FilesTarget)) {
      return false;
    }
    FilesTarget that = (FilesTarget) o;
    return Objects.equals(claimName, that.claimName)
        && Objects.equals(subPath, that.subPath)
        && Objects.equals(overwrite, that.overwrite);
  }

  @Override
  public int hashCode() {
    return Objects.hash(claimName, subPath, overwrite);
  }
}
