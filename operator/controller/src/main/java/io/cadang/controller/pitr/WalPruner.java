package io.cadang.controller.pitr;

import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Deletes the WAL that {@link WalRetentionPlanner} says no kept base backup needs, from the
 * policy's primary repository and then from each replica (the streamer copies WAL into all). A
 * replica's cut also counts the base backups whose replica copies are still held (their runs are
 * being deleted and wait for spec.storage.replicaDeletionDelay), so a replica never loses the WAL
 * of a backup it still has. Idempotent: a pass cut short leaves objects below the same cut, which
 * the next pass deletes.
 */
public final class WalPruner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WalPruner.class);

  static final String WAL_PREFIX = "wal/";

  private final WalRepositories repositories;

  public WalPruner(WalRepositories repositories) {
    this.repositories = repositories;
  }

  /** Returns the keys deleted. */
  public List<String> prune(
      BackupPolicy policy, Collection<BackupRun> keptRuns, Collection<BackupRun> replicaHeldRuns)
      throws IOException {
    List<String> starts = startLsns(PhysicalBackups.succeeded(keptRuns));
    if (starts.isEmpty()) {
      return List.of(); // not even a listing: nothing could be deleted
    }
    List<String> deleted =
        prune(
            repositories.openForDeletion(policy, policy.getSpec().getStorage().getPrimary()),
            starts);
    // The streamer copies WAL into every replica; the WAL no kept base backup needs goes there too
    // (a replica's pass is its own: one that fails is retried after the next deletion).
    // Runs being deleted count here: their replica copies are still held.
    List<String> replicaStarts =
        startLsns(replicaHeldRuns.stream().filter(PhysicalBackups::isPhysicalSuccess).toList());
    for (var replica : WalRepositories.replicas(policy)) {
      try {
        prune(repositories.openForDeletion(policy, replica), replicaStarts);
      } catch (IOException | RuntimeException e) {
        LOG.warn("WAL retention in replica repository '{}': {}", replica.getName(), e.getMessage());
      }
    }
    return deleted;
  }

  private static List<String> startLsns(Collection<BackupRun> runs) {
    return runs.stream().map(r -> r.getStatus().getPostgres().getStartLsn()).toList();
  }

  private static List<String> prune(Repository opened, List<String> starts) throws IOException {
    try (Repository repo = opened) {
      List<String> delete = WalRetentionPlanner.plan(repo.list(WAL_PREFIX), starts);
      for (String key : delete) {
        repo.delete(key);
      }
      return delete;
    }
  }
}
