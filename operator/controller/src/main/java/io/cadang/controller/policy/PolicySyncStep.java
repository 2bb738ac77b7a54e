package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.RepositorySyncStatus;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.sync.RepositorySync;
import io.cadang.controller.sync.SyncSchedule;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The policy reconciler's repository sync: whether a pass is due and may run, and how its outcome
 * (or the last one) lands in status.sync and the RepositorySynced condition.
 */
final class PolicySyncStep {
  private final RepositorySync sync;
  private final EventRecorder events;

  PolicySyncStep(RepositorySync sync, EventRecorder events) {
    this.sync = sync;
    this.events = events;
  }

  /**
   * Lists the repositories for backups the cluster has no run for, when due ({@link SyncSchedule});
   * never for a policy whose repositories cannot be opened yet.
   */
  Optional<RepositorySync.Outcome> run(
      BackupPolicy policy,
      PolicyCheck check,
      BackupPolicyStatus current,
      java.util.Set<BackupRun> runs,
      Instant now) {
    // An unreachable repository must not stop the sync: after losing a region the replica that
    // is left is where the backups are, and the scan reports each repository it cannot read.
    boolean usable =
        check.problems().stream()
            .allMatch(
                p ->
                    p.reason() == ConditionReason.REPOSITORY_UNREACHABLE
                        || p.reason() == ConditionReason.INVALID_SCHEDULE
                        || p.reason() == ConditionReason.INVALID_TIME_ZONE);
    if (!usable
        || (policy.getSpec().getSource() != null
            && policy.getSpec().getSource().getVolumeSnapshots() != null)
        || !SyncSchedule.due(policy, current, now, sync.syncedSinceStart())) {
      return Optional.empty();
    }
    try {
      return Optional.of(sync.sync(policy, runs, now));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while syncing the repositories", e);
    }
  }

  private static RepositorySyncStatus copy(RepositorySyncStatus s) {
    RepositorySyncStatus c = new RepositorySyncStatus();
    c.setLastSyncedTime(s.getLastSyncedTime());
    c.setBackups(s.getBackups());
    c.setImported(s.getImported());
    c.setRefused(s.getRefused());
    c.setRefusedBackups(s.getRefusedBackups());
    c.setRetentionWouldDelete(s.getRetentionWouldDelete());
    return c;
  }

  /** status.sync and RepositorySynced: from this pass, else as the last pass left them. */
  void apply(
      BackupPolicy policy,
      BackupPolicyStatus current,
      BackupPolicyStatus next,
      Optional<RepositorySync.Outcome> synced,
      List<String> wouldDelete,
      Instant now) {
    if (synced.isEmpty()) {
      if (current.getSync() != null) {
        // A copy: changing current's object would hide the change from the status comparison.
        RepositorySyncStatus kept = copy(current.getSync());
        kept.setRetentionWouldDelete(wouldDelete.isEmpty() ? null : wouldDelete);
        next.setSync(kept);
      }
      return;
    }
    RepositorySync.Outcome o = synced.get();
    RepositorySyncStatus status =
        o.status() != null
            ? o.status()
            : current.getSync() == null ? null : copy(current.getSync());
    if (status != null) {
      status.setRetentionWouldDelete(wouldDelete.isEmpty() ? null : wouldDelete);
    }
    next.setSync(status);
    Optional<Condition> before =
        Conditions.find(current.getConditions(), ConditionType.REPOSITORY_SYNCED);
    next.setConditions(
        Conditions.with(
            next.getConditions(),
            ConditionType.REPOSITORY_SYNCED,
            o.synced(),
            o.reason(),
            o.message(),
            policy.getMetadata().getGeneration(),
            now));
    boolean flipped =
        before.map(c -> !c.getReason().equals(o.reason().value())).orElse(!o.synced());
    if (flipped && !o.synced()) {
      events.warning(policy, "RepositoryNotSynced", o.message());
    }
  }
}
