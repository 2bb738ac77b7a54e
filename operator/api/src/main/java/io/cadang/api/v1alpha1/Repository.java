package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A named place backups are written to. Exactly one backend; today that is s3. */
@ValidationRule(value = "has(self.s3)", message = "exactly one backend must be set; supported: s3")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Repository {

  @JsonPropertyDescription(
      "Name of the repository, unique within the policy; BackupRun status refers to it.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("An S3-compatible bucket.")
  private S3Backend s3;

  @JsonPropertyDescription(
      "S3 Object Lock for every object written here (artifacts, manifests, WAL). The bucket must have been created with Object Lock enabled; otherwise the policy is Ready=False with reason ObjectLockUnavailable and no run starts. Retention deletes a backup only after its lock expires.")
  private ObjectLock objectLock;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public S3Backend getS3() {
    return s3;
  }

  public void setS3(S3Backend s3) {
    this.s3 = s3;
  }

  public ObjectLock getObjectLock() {
    return objectLock;
  }

  public void setObjectLock(ObjectLock objectLock) {
    this.objectLock = objectLock;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Repository)) {
      return false;
    }
    Repository that = (Repository) o;
    return Objects.equals(name, that.name)
        && Objects.equals(s3, that.s3)
        && Objects.equals(objectLock, that.objectLock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, s3, objectLock);
  }
}
