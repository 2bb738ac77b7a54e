package io.cadang.controller.pitr;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.runtime.SecretValues;
import java.io.IOException;

/**
 * Opens a policy's primary repository with the agent's own repository code (the operator and the
 * streamer agree on keys and credentials), credentials read from the policy's Secret.
 */
public final class WalRepositories {
  private final SecretValues secrets;

  public WalRepositories(SecretValues secrets) {
    this.secrets = secrets;
  }

  public Repository open(BackupPolicy policy) throws IOException {
    var primary = policy.getSpec().getStorage().getPrimary();
    return Repositories.open(
        RepositoryUris.of(primary),
        secrets.repositoryEnv(policy.getMetadata().getNamespace(), primary));
  }
}
