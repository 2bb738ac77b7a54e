package io.cadang.controller.pitr;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.runtime.SecretValues;
import java.io.IOException;

/**
 * Opens a policy's repositories (the primary, or a replica) with the agent's own repository code
 * (the operator and the streamer agree on keys and credentials), credentials read from the policy's
 * Secret.
 */
public final class WalRepositories {
  private final SecretValues secrets;

  public WalRepositories(SecretValues secrets) {
    this.secrets = secrets;
  }

  public Repository open(BackupPolicy policy) throws IOException {
    return open(policy, policy.getSpec().getStorage().getPrimary());
  }

  /** One of the policy's repositories (the primary or a replica). */
  public Repository open(BackupPolicy policy, io.cadang.api.v1alpha1.Repository spec)
      throws IOException {
    return Repositories.open(
        RepositoryUris.of(policy.getSpec(), spec),
        secrets.repositoryEnv(policy.getMetadata().getNamespace(), spec));
  }

  /** A repository of the policy opened with the credentials the operator deletes with. */
  public Repository openForDeletion(BackupPolicy policy, io.cadang.api.v1alpha1.Repository spec)
      throws IOException {
    return Repositories.open(
        RepositoryUris.of(policy.getSpec(), spec),
        secrets.repositoryDeleteEnv(policy.getMetadata().getNamespace(), spec));
  }

  /** The policy's replica repositories, in spec order. */
  public static java.util.List<io.cadang.api.v1alpha1.Repository> replicas(BackupPolicy policy) {
    var storage = policy.getSpec() == null ? null : policy.getSpec().getStorage();
    return storage == null || storage.getReplicas() == null
        ? java.util.List.of()
        : storage.getReplicas();
  }
}
