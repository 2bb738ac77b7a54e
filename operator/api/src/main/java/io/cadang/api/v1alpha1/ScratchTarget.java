package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/**
 * A throwaway PostgreSQL started inside the restore Job's own pod, on its scratch volume: a drill
 * needs no spare server and can never touch a production database. Drills only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScratchTarget {

  @JsonPropertyDescription(
      "Size limit of the pod's scratch volume (an emptyDir holding the staged backup and the restored cluster), e.g. 20Gi. Default: ten times the backup's stored size, at least 2Gi.")
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
  private String sizeLimit;

  public String getSizeLimit() {
    return sizeLimit;
  }

  public void setSizeLimit(String sizeLimit) {
    this.sizeLimit = sizeLimit;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ScratchTarget that)) {
      return false;
    }
    return Objects.equals(sizeLimit, that.sizeLimit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sizeLimit);
  }
}
