package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Files on a PersistentVolumeClaim, archived as a tar through the usual compress-encrypt pipeline.
 * The claim is mounted read-only into the backup Job.
 */
@ValidationRule(
    value = "!has(self.paths) || self.paths.all(p, !p.startsWith('/'))",
    message = "paths must be relative to the claim's root (no leading /)")
@ValidationRule(
    value = "!has(self.paths) || self.paths.all(p, !p.matches('(^|/)[.][.](/|$)'))",
    message = "paths must not contain a '..' segment")
@ValidationRule(
    value = "!has(self.excludes) || self.excludes.all(e, size(e) > 0)",
    message = "an exclude pattern must not be empty")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesSource {

  @JsonPropertyDescription(
      "Name of the PersistentVolumeClaim, in the policy's namespace, holding the files; mounted read-only at /cadang/source (a ReadWriteOnce claim must be mountable on the Job's node).")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String claimName;

  @JsonPropertyDescription(
      "Paths inside the claim to back up, relative to its root, e.g. uploads. Empty: the whole claim (\".\").")
  @Size(max = 64)
  private List<@Size(min = 1, max = 4096) String> paths;

  @JsonPropertyDescription(
      "GNU tar style glob patterns of entries to leave out, e.g. '*.tmp' or 'cache/*'.")
  @Size(max = 128)
  private List<@Size(min = 1, max = 1024) String> excludes;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }

  public List<String> getExcludes() {
    return excludes;
  }

  public void setExcludes(List<String> excludes) {
    this.excludes = excludes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FilesSource)) {
      return false;
    }
    FilesSource that = (FilesSource) o;
    return Objects.equals(claimName, that.claimName)
        && Objects.equals(paths, that.paths)
        && Objects.equals(excludes, that.excludes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(claimName, paths, excludes);
  }
}
