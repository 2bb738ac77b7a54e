package io.cadang.controller.backuprun;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.replica.BackupDeleter;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.RepositoryException;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ShortDuration;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.runtime.SecretValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a backup's objects from the policy's primary repository and, {@code
 * spec.storage.replicaDeletionDelay} later, from each replica. The manifest goes first in each: a
 * backup whose manifest is gone no longer exists for {@code cadang list} or a restore, so an
 * interrupted deletion never leaves something that looks complete but is not. A copy still under
 * its Object Lock is not attempted before its retain-until date (the server would refuse it).
 */
public final class RepositoryBackupRunCleaner implements BackupRunCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(RepositoryBackupRunCleaner.class);

  static final Duration DEFAULT_REPLICA_DELAY = Duration.ofHours(24);
  static final Duration REPLICA_RETRY = Duration.ofMinutes(5);
  static final Duration LIFECYCLE_RECHECK = Duration.ofHours(1);

  private final SecretValues secrets;
  private final EventRecorder events;

  public RepositoryBackupRunCleaner(SecretValues secrets, EventRecorder events) {
    this.secrets = secrets;
    this.events = events;
  }

  @Override
  public Progress deleteObjects(BackupRun run, BackupPolicy policy, Instant now) {
    String backupId = run.getStatus() == null ? null : run.getStatus().getBackupId();
    if (backupId == null || policy == null || policy.getSpec().getStorage() == null) {
      // Nothing stored (a failed backup removes its own partial objects, a volume snapshot lives
      // in the cluster), or DataDeletion keeps the data of a run whose policy is gone.
      return Progress.DONE;
    }
    String namespace = run.getMetadata().getNamespace();
    io.cadang.api.v1alpha1.Repository primary = policy.getSpec().getStorage().getPrimary();
    try {
      Optional<Instant> locked = delete(namespace, policy, primary, backupId, now);
      if (locked.isPresent()) {
        return new Progress(
            locked.get(),
            "backup "
                + backupId
                + " is under Object Lock in repository '"
                + primary.getName()
                + "' until "
                + locked.get()
                + "; its data is deleted then");
      }
    } catch (RepositoryException e) {
      if (e.reason() == RepositoryException.Reason.ACCESS_DENIED
          && primary.getS3().getDeleteCredentialsSecret() == null) {
        // Write-only credentials and no delete credential: expiry is the bucket's lifecycle rule.
        // The run stays (so the sync does not import the backup again) and is checked hourly;
        // once the rule has expired the objects, nothing is left to delete and it goes.
        return new Progress(
            now.plus(LIFECYCLE_RECHECK),
            "backup "
                + backupId
                + " cannot be deleted from repository '"
                + primary.getName()
                + "' with its credentials ("
                + e.getMessage()
                + "); set s3.deleteCredentialsSecret, or leave expiry to a bucket lifecycle rule:"
                + " this run goes once the objects are gone");
      }
      throw retried(backupId, primary, e);
    } catch (IOException e) {
      throw retried(backupId, primary, e);
    }
    List<io.cadang.api.v1alpha1.Repository> replicas =
        policy.getSpec().getStorage().getReplicas() == null
            ? List.of()
            : policy.getSpec().getStorage().getReplicas();
    if (replicas.isEmpty()) {
      return Progress.DONE;
    }
    Instant due = replicasDue(run, policy);
    if (now.isBefore(due)) {
      return new Progress(
          due,
          "backup "
              + backupId
              + " is deleted from the primary; its copies in "
              + replicas.size()
              + " replica repositor"
              + (replicas.size() == 1 ? "y" : "ies")
              + " are deleted at "
              + due
              + " (spec.storage.replicaDeletionDelay)");
    }
    List<String> left = new ArrayList<>();
    Instant retryAt = null;
    for (io.cadang.api.v1alpha1.Repository replica : replicas) {
      try {
        Optional<Instant> locked = delete(namespace, policy, replica, backupId, now);
        if (locked.isPresent()) {
          left.add(replica.getName() + " (locked until " + locked.get() + ")");
          retryAt = earliest(retryAt, locked.get());
        }
      } catch (IOException | RuntimeException e) {
        left.add(replica.getName());
        retryAt = earliest(retryAt, now.plus(REPLICA_RETRY));
        events.warning(
            run,
            "ReplicaDeleteFailed",
            "backup "
                + backupId
                + " deleted from the primary but not from replica repository '"
                + replica.getName()
                + "' (retried): "
                + e.getMessage());
      }
    }
    if (left.isEmpty()) {
      return Progress.DONE;
    }
    return new Progress(
        retryAt,
        "backup "
            + backupId
            + " still has copies in replica repositories "
            + String.join(", ", left));
  }

  /** Transient or not, retrying beats orphaning data: JOSDK retries the cleanup. */
  private static UncheckedIOException retried(
      String backupId, io.cadang.api.v1alpha1.Repository repository, IOException e) {
    return new UncheckedIOException(
        "cannot delete backup "
            + backupId
            + " from repository '"
            + repository.getName()
            + "': "
            + e.getMessage(),
        e);
  }

  /** When the replicas' copies may go: the delay after the run's deletion began. */
  static Instant replicasDue(BackupRun run, BackupPolicy policy) {
    String since = run.getMetadata().getDeletionTimestamp();
    Instant start = since == null ? Instant.EPOCH : Instant.parse(since);
    String value = policy.getSpec().getStorage().getReplicaDeletionDelay();
    // Zero is allowed (the user opts out of the delay); anything unreadable keeps the default.
    Duration delay =
        value != null && value.matches("^0+[smhd]$")
            ? Duration.ZERO
            : ShortDuration.parse(value).orElse(DEFAULT_REPLICA_DELAY);
    return start.plus(delay);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  /** Deletes the backup from one repository; the lock's date instead when it is still locked. */
  private Optional<Instant> delete(
      String namespace,
      BackupPolicy policy,
      io.cadang.api.v1alpha1.Repository spec,
      String backupId,
      Instant now)
      throws IOException {
    try (Repository repo =
        Repositories.open(
            RepositoryUris.of(policy.getSpec(), spec),
            secrets.repositoryDeleteEnv(namespace, spec))) {
      if (spec.getObjectLock() != null) {
        try {
          Optional<Instant> until = repo.lockedUntil(BackupLayout.manifestKey(backupId));
          if (until.isPresent() && until.get().isAfter(now)) {
            return until;
          }
        } catch (ObjectNotFoundException e) {
          // no manifest: an earlier pass deleted it; the leftovers go below
        }
      }
      int deleted = BackupDeleter.delete(repo, backupId);
      LOG.info("backup {}: deleted {} object(s) from {}", backupId, deleted, repo.describe());
      return Optional.empty();
    }
  }
}
