package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.ReplicaStatus;
import io.cadang.api.v1alpha1.ReplicationState;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.controller.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How far each replica repository trails the primary, from the runs' {@code status.replication}: a
 * kept successful backup the replica does not (yet) hold counts as one behind. The newest backup's
 * copy failing is worse than lagging (the agent will catch older ones up), so it decides the reason
 * of {@code ReplicasInSync}. Pure.
 */
public final class ReplicaLag {
  /** One replica: backups behind, and whether the newest copy failed (with its message). */
  public record Lag(String repository, int behind, boolean newestFailed, String message) {}

  private ReplicaLag() {}

  /**
   * @param runs the policy's runs that remain after retention, oldest first
   */
  public static List<Lag> of(List<Repository> replicas, List<BackupRun> runs) {
    List<BackupRun> backups =
        runs.stream()
            .filter(r -> r.getStatus() != null)
            .filter(r -> r.getStatus().getPhase() == BackupRunPhase.SUCCEEDED)
            .filter(r -> r.getStatus().getBackupId() != null)
            .toList();
    List<Lag> lags = new ArrayList<>();
    for (Repository replica : replicas) {
      String name = replica.getName();
      int behind = 0;
      for (BackupRun run : backups) {
        if (state(run, name).map(s -> s.getState() != ReplicationState.REPLICATED).orElse(true)) {
          behind++;
        }
      }
      Optional<ReplicaStatus> newest =
          backups.isEmpty() ? Optional.empty() : state(backups.get(backups.size() - 1), name);
      boolean failed = newest.map(s -> s.getState() == ReplicationState.FAILED).orElse(false);
      lags.add(new Lag(name, behind, failed, newest.map(ReplicaStatus::getMessage).orElse(null)));
    }
    return lags;
  }

  /** ReplicasInSync from the backups' lags alone (policies without pitr). */
  public static List<Condition> condition(
      List<Condition> conditions, List<Lag> lags, Long generation, Instant now) {
    return condition(conditions, lags, List.of(), generation, now);
  }

  /**
   * ReplicasInSync from the lags; no replicas means no condition at all.
   *
   * @param walProblems replicas whose WAL trails beyond the target RPO or cannot be judged ({@link
   *     io.cadang.controller.pitr.WalReplicaLag#problems}), each a line
   */
  public static List<Condition> condition(
      List<Condition> conditions,
      List<Lag> lags,
      List<String> walProblems,
      Long generation,
      Instant now) {
    if (lags.isEmpty()) {
      List<Condition> without = new ArrayList<>(conditions == null ? List.of() : conditions);
      without.removeIf(c -> ConditionType.REPLICAS_IN_SYNC.value().equals(c.getType()));
      return without;
    }
    Optional<Lag> failed = lags.stream().filter(Lag::newestFailed).findFirst();
    if (failed.isPresent()) {
      Lag f = failed.get();
      return Conditions.with(
          conditions,
          ConditionType.REPLICAS_IN_SYNC,
          false,
          ConditionReason.REPLICA_FAILED,
          "the newest backup's copy to replica '"
              + f.repository()
              + "' failed"
              + (f.message() == null ? "" : ": " + f.message())
              + "; "
              + f.behind()
              + " backup(s) missing there",
          generation,
          now);
    }
    if (!walProblems.isEmpty()) {
      return Conditions.with(
          conditions,
          ConditionType.REPLICAS_IN_SYNC,
          false,
          ConditionReason.REPLICA_LAGGING,
          "replica WAL: " + String.join("; ", walProblems),
          generation,
          now);
    }
    List<String> lagging =
        lags.stream()
            .filter(l -> l.behind() > 0)
            .map(l -> l.repository() + " (" + l.behind() + " behind)")
            .toList();
    if (!lagging.isEmpty()) {
      return Conditions.with(
          conditions,
          ConditionType.REPLICAS_IN_SYNC,
          false,
          ConditionReason.REPLICA_LAGGING,
          "replicas missing backups, caught up by the next runs: " + String.join(", ", lagging),
          generation,
          now);
    }
    return Conditions.with(
        conditions,
        ConditionType.REPLICAS_IN_SYNC,
        true,
        ConditionReason.IN_SYNC,
        "every replica holds every kept backup",
        generation,
        now);
  }

  private static Optional<ReplicaStatus> state(BackupRun run, String repository) {
    List<ReplicaStatus> replication = run.getStatus().getReplication();
    return replication == null
        ? Optional.empty()
        : replication.stream().filter(s -> repository.equals(s.getRepository())).findFirst();
  }
}
