package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * What to restore: exactly one of backupRun (that backup) or policy (its newest successful backup,
 * a backupId found in its repositories, or a pointInTime), optionally read from a replica
 * repository.
 */
@ValidationRule(
    value = "has(self.backupRun) != has(self.policy)",
    message = "set exactly one of backupRun or policy")
@ValidationRule(
    value = "!has(self.pointInTime) || has(self.policy)",
    message = "pointInTime needs policy; a backupRun is a single point already")
@ValidationRule(
    value = "!has(self.backupId) || has(self.policy)",
    message = "backupId needs policy: the id is looked up in that policy's repositories")
@ValidationRule(
    value = "!has(self.backupId) || !has(self.pointInTime)",
    message = "set backupId or pointInTime, not both")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSource {

  @JsonPropertyDescription("Name of a successful BackupRun in this namespace.")
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String backupRun;

  @JsonPropertyDescription(
      "Name of a BackupPolicy in this namespace; its newest successful BackupRun is restored unless pointInTime says otherwise.")
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String policy;

  @JsonPropertyDescription(
      "Id of a backup in the policy's repositories (cadang list shows it; on a BackupRun it is status.backupId). Works in a new cluster: the request waits until the policy has synced its repositories and imported the backup.")
  @Size(min = 1, max = 100)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
  private String backupId;

  @JsonPropertyDescription("Where to recover to; only with policy.")
  private PointInTime pointInTime;

  @JsonPropertyDescription(
      "Name of the repository to read from: one of the policy's storage.replicas (e.g. when the primary region is gone). Empty: the primary.")
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String repository;

  @JsonPropertyDescription(
      "Read the repository as it was at this time (RFC 3339, e.g. 2026-12-07T02:00:00Z): in a versioned bucket (Object Lock), every object version and delete marker written later is ignored, so content an attacker wrote afterwards cannot reach the restore. Needs s3:ListBucketVersions and s3:GetObjectVersion. Empty: the repository as it is now.")
  @io.fabric8.generator.annotation.Pattern(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
  private String repositoryAsOf;

  public String getRepositoryAsOf() {
    return repositoryAsOf;
  }

  public void setRepositoryAsOf(String repositoryAsOf) {
    this.repositoryAsOf = repositoryAsOf;
  }

  public String getBackupRun() {
    return backupRun;
  }

  public void setBackupRun(String backupRun) {
    this.backupRun = backupRun;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public String getBackupId() {
    return backupId;
  }

  public void setBackupId(String backupId) {
    this.backupId = backupId;
  }

  public PointInTime getPointInTime() {
    return pointInTime;
  }

  public void setPointInTime(PointInTime pointInTime) {
    this.pointInTime = pointInTime;
  }

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RestoreSource)) {
      return false;
    }
    RestoreSource that = (RestoreSource) o;
    return Objects.equals(backupRun, that.backupRun)
        && Objects.equals(policy, that.policy)
        && Objects.equals(backupId, that.backupId)
        && Objects.equals(pointInTime, that.pointInTime)
        && Objects.equals(repository, that.repository)
        && Objects.equals(repositoryAsOf, that.repositoryAsOf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(backupRun, policy, pointInTime, repository, backupId, repositoryAsOf);
  }
}
