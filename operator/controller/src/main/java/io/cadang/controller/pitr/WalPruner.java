package io.cadang.controller.pitr;

import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Deletes the WAL that {@link WalRetentionPlanner} says no kept base backup needs, from the
 * policy's primary repository (the only one the streamer writes to). Idempotent: a pass cut short
 * leaves objects below the same cut, which the next pass deletes.
 */
public final class WalPruner {
  static final String WAL_PREFIX = "wal/";

  private final WalRepositories repositories;

  public WalPruner(WalRepositories repositories) {
    this.repositories = repositories;
  }

  /** Returns the keys deleted. */
  public List<String> prune(BackupPolicy policy, Collection<BackupRun> keptRuns)
      throws IOException {
    List<String> starts =
        PhysicalBackups.succeeded(keptRuns).stream()
            .map(r -> r.getStatus().getPostgres().getStartLsn())
            .toList();
    if (starts.isEmpty()) {
      return List.of(); // not even a listing: nothing could be deleted
    }
    try (Repository repo = repositories.open(policy)) {
      List<String> delete = WalRetentionPlanner.plan(repo.list(WAL_PREFIX), starts);
      for (String key : delete) {
        repo.delete(key);
      }
      return delete;
    }
  }
}
