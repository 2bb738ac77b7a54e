package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** Result of a files restore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesRestoreStatus {

  @JsonPropertyDescription("Entries extracted.")
  private Long filesRestored;

  @JsonPropertyDescription("Regular files whose SHA-256 was checked against the backup's index.")
  private Long filesVerified;

  @JsonPropertyDescription("Files that failed the check (first ones).")
  private List<FileMismatch> mismatches;

  public Long getFilesRestored() {
    return filesRestored;
  }

  public void setFilesRestored(Long filesRestored) {
    this.filesRestored = filesRestored;
  }

  public Long getFilesVerified() {
    return filesVerified;
  }

  public void setFilesVerified(Long filesVerified) {
    this.filesVerified = filesVerified;
  }

  public List<FileMismatch> getMismatches() {
    return mismatches;
  }

  public void setMismatches(List<FileMismatch> mismatches) {
    this.mismatches = mismatches;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FilesRestoreStatus)) {
      return false;
    }
    FilesRestoreStatus that = (FilesRestoreStatus) o;
    return Objects.equals(filesRestored, that.filesRestored)
        && Objects.equals(filesVerified, that.filesVerified)
        && Objects.equals(mismatches, that.mismatches);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filesRestored, filesVerified, mismatches);
  }
}
