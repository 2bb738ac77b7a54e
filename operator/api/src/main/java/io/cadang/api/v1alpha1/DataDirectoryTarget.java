package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A PersistentVolumeClaim a new PostgreSQL server will use as its data directory; a physical
 * restore writes a recovered, cleanly shut down cluster into it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataDirectoryTarget {

  @JsonPropertyDescription("Name of the PersistentVolumeClaim in this namespace.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String claimName;

  @JsonPropertyDescription(
      "Directory inside the volume that becomes the data directory (must be empty or absent); a subdirectory because a fresh volume's root may hold lost+found.")
  @Size(min = 1, max = 253)
  @Pattern("^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
  @Default("pgdata")
  private String subPath = "pgdata";

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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DataDirectoryTarget)) {
      return false;
    }
    DataDirectoryTarget that = (DataDirectoryTarget) o;
    return Objects.equals(claimName, that.claimName) && Objects.equals(subPath, that.subPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(claimName, subPath);
  }
}
