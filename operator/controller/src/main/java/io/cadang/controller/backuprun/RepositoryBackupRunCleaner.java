package io.cadang.controller.backuprun;

import io.cadang.agent.replica.BackupDeleter;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.runtime.SecretValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a backup's objects from the policy's primary and replica repositories. The manifest goes
 * first: a backup whose manifest is gone no longer exists for {@code cadang list} or a restore, so
 * an interrupted deletion never leaves something that looks complete but is not.
 */
public final class RepositoryBackupRunCleaner implements BackupRunCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(RepositoryBackupRunCleaner.class);

  private final SecretValues secrets;
  private final EventRecorder events;

  public RepositoryBackupRunCleaner(SecretValues secrets, EventRecorder events) {
    this.secrets = secrets;
    this.events = events;
  }

  @Override
  public List<String> deleteObjects(BackupRun run, BackupPolicy policy) {
    String backupId = run.getStatus() == null ? null : run.getStatus().getBackupId();
    if (backupId == null) {
      return List.of(); // nothing was stored: a failed backup removes its own partial objects
    }
    if (policy == null) {
      return List.of(); // DataDeletion keeps the data of a run whose policy is gone
    }
    String namespace = run.getMetadata().getNamespace();
    io.cadang.api.v1alpha1.Repository primary = policy.getSpec().getStorage().getPrimary();
    try {
      delete(namespace, primary, backupId);
    } catch (IOException e) {
      // Transient or not, retrying beats orphaning data: JOSDK retries the cleanup.
      throw new UncheckedIOException(
          "cannot delete backup "
              + backupId
              + " from repository '"
              + primary.getName()
              + "': "
              + e.getMessage(),
          e);
    }
    List<String> failed = new ArrayList<>();
    List<io.cadang.api.v1alpha1.Repository> replicas =
        policy.getSpec().getStorage().getReplicas() == null
            ? List.of()
            : policy.getSpec().getStorage().getReplicas();
    for (io.cadang.api.v1alpha1.Repository replica : replicas) {
      try {
        delete(namespace, replica, backupId);
      } catch (IOException | RuntimeException e) {
        // The primary's copy is already gone; this one is retried until the replica answers.
        failed.add(replica.getName());
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
    return failed;
  }

  private void delete(String namespace, io.cadang.api.v1alpha1.Repository spec, String backupId)
      throws IOException {
    try (Repository repo =
        Repositories.open(RepositoryUris.of(spec), secrets.repositoryEnv(namespace, spec))) {
      int deleted = BackupDeleter.delete(repo, backupId);
      LOG.info("backup {}: deleted {} object(s) from {}", backupId, deleted, repo.describe());
    }
  }
}
