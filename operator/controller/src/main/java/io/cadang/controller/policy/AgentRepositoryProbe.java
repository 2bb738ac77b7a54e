package io.cadang.controller.policy;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.runtime.SecretValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lists {@code backups/} in each repository with the agent's own repository code, so the operator
 * and the Jobs agree on what "reachable" means. The S3 client retries for longer than a reconcile
 * should wait, so the check is cut off after {@link #TIMEOUT}.
 */
public final class AgentRepositoryProbe implements RepositoryProbe {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final SecretValues secrets;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cadang-repository-probe");
            t.setDaemon(true);
            return t;
          });

  public AgentRepositoryProbe(SecretValues secrets) {
    this.secrets = secrets;
  }

  @Override
  public Optional<SpecProblem> problem(BackupPolicy policy) {
    String namespace = policy.getMetadata().getNamespace();
    List<io.cadang.api.v1alpha1.Repository> all = new ArrayList<>();
    all.add(policy.getSpec().getStorage().getPrimary());
    if (policy.getSpec().getStorage().getReplicas() != null) {
      all.addAll(policy.getSpec().getStorage().getReplicas());
    }
    for (io.cadang.api.v1alpha1.Repository spec : all) {
      Future<Optional<String>> listing = executor.submit(() -> check(policy, spec, namespace));
      try {
        Optional<String> lockProblem = listing.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (lockProblem.isPresent()) {
          return Optional.of(
              new SpecProblem(
                  ConditionReason.OBJECT_LOCK_UNAVAILABLE,
                  "repository '" + spec.getName() + "': " + lockProblem.get()));
        }
      } catch (TimeoutException e) {
        listing.cancel(true);
        return unreachable(
            "repository '"
                + spec.getName()
                + "' did not answer within "
                + TIMEOUT.toSeconds()
                + " s");
      } catch (ExecutionException e) {
        // RepositoryException messages name the repository and the problem, never credentials.
        return unreachable("repository '" + spec.getName() + "': " + e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking repositories", e);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<java.time.Instant> lockedUntil(BackupPolicy policy, String backupId)
      throws java.io.IOException {
    io.cadang.api.v1alpha1.Repository spec = policy.getSpec().getStorage().getPrimary();
    try (Repository repo =
        Repositories.open(
            RepositoryUris.of(policy.getSpec(), spec),
            secrets.repositoryEnv(policy.getMetadata().getNamespace(), spec))) {
      return repo.lockedUntil(BackupLayout.manifestKey(backupId));
    } catch (io.cadang.agent.repository.ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  private static Optional<SpecProblem> unreachable(String message) {
    return Optional.of(new SpecProblem(ConditionReason.REPOSITORY_UNREACHABLE, message));
  }

  /** Lists the repository (throws when unreachable); returns an Object Lock problem, if any. */
  private Optional<String> check(
      BackupPolicy policy, io.cadang.api.v1alpha1.Repository spec, String namespace)
      throws Exception {
    try (Repository repo =
        Repositories.open(
            RepositoryUris.of(policy.getSpec(), spec), secrets.repositoryEnv(namespace, spec))) {
      repo.list(BackupLayout.ROOT);
      return repo.objectLockProblem();
    }
  }
}
