package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import java.util.Optional;

/** Checks that a policy's repositories can be listed with its credentials. */
@FunctionalInterface
public interface RepositoryProbe {
  /** A one-line problem naming the repository, without secrets; empty when all are reachable. */
  Optional<String> problem(BackupPolicy policy);
}
