package io.cadang.agent.replica;

import io.cadang.agent.repository.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Replicates a finished backup to every replica in turn; one replica's failure spares the rest. */
public final class Replication {
  private Replication() {}

  public static List<ReplicaOutcome> afterBackup(
      Repository primary,
      List<ReplicaSpec> replicas,
      Map<String, String> env,
      String backupId,
      int catchUpLimit) {
    List<ReplicaOutcome> outcomes = new ArrayList<>();
    for (ReplicaSpec replica : replicas) {
      outcomes.add(new Replicator(primary, replica, env).afterBackup(backupId, catchUpLimit));
    }
    return outcomes;
  }
}
