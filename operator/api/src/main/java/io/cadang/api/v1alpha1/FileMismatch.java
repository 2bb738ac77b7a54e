package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A restored file whose content differs from the backup's record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileMismatch {

  @JsonPropertyDescription("Path of the file, relative to the restore target.")
  private String path;

  @JsonPropertyDescription("What is wrong, e.g. sha256 mismatch or missing.")
  private String problem;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getProblem() {
    return problem;
  }

  public void setProblem(String problem) {
    this.problem = problem;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FileMismatch)) {
      return false;
    }
    FileMismatch that = (FileMismatch) o;
    return Objects.equals(path, that.path) && Objects.equals(problem, that.problem);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, problem);
  }
}
