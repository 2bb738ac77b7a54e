package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What a files backup archived. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesSummary {

  @JsonPropertyDescription("Entries in the archive (files, directories, links).")
  private Long entries;

  @JsonPropertyDescription("Regular files among them.")
  private Long regularFiles;

  @JsonPropertyDescription("Bytes of the regular files.")
  private Long bytes;

  @JsonPropertyDescription(
      "Files that changed while they were read; their copy may be inconsistent.")
  private Long changedCount;

  @JsonPropertyDescription("The first of those files.")
  private List<String> changed;

  public Long getEntries() {
    return entries;
  }

  public void setEntries(Long entries) {
    this.entries = entries;
  }

  public Long getRegularFiles() {
    return regularFiles;
  }

  public void setRegularFiles(Long regularFiles) {
    this.regularFiles = regularFiles;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public Long getChangedCount() {
    return changedCount;
  }

  public void setChangedCount(Long changedCount) {
    this.changedCount = changedCount;
  }

  public List<String> getChanged() {
    return changed;
  }

  public void setChanged(List<String> changed) {
    this.changed = changed;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FilesSummary)) {
      return false;
    }
    FilesSummary that = (FilesSummary) o;
    return Objects.equals(entries, that.entries)
        && Objects.equals(regularFiles, that.regularFiles)
        && Objects.equals(bytes, that.bytes)
        && Objects.equals(changedCount, that.changedCount)
        && Objects.equals(changed, that.changed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries, regularFiles, bytes, changedCount, changed);
  }
}
