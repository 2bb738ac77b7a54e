package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import java.util.Optional;

/**
 * Checks that a policy's repositories can be listed with its credentials and, where a repository
 * asks for Object Lock, that its bucket has it.
 */
@FunctionalInterface
public interface RepositoryProbe {
  /**
   * The first problem, naming the repository, without secrets: {@code RepositoryUnreachable} or
   * {@code ObjectLockUnavailable}; empty when all are fine.
   */
  Optional<SpecProblem> problem(BackupPolicy policy);

  /**
   * The Object Lock retain-until date of a backup's manifest in the policy's primary repository
   * (the manifest is written last, so its date is the latest of the backup's objects); empty when
   * it carries none or is gone.
   */
  default Optional<java.time.Instant> lockedUntil(BackupPolicy policy, String backupId)
      throws java.io.IOException {
    return Optional.empty();
  }
}
