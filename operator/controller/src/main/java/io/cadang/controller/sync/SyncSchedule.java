package io.cadang.controller.sync;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.RepositorySync;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * When a policy's repositories are listed again: at the operator's start, when the spec changes,
 * and every {@code spec.repositorySync.interval} (5 minutes unless set). Pure: the set of policies
 * synced since the process started is passed in.
 */
public final class SyncSchedule {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private SyncSchedule() {}

  public static Duration interval(BackupPolicy policy) {
    RepositorySync sync = policy.getSpec() == null ? null : policy.getSpec().getRepositorySync();
    if (sync == null || sync.getInterval() == null) {
      return DEFAULT_INTERVAL;
    }
    // The schema's pattern refuses other values; the mock API server does not.
    return io.cadang.api.v1alpha1.ShortDuration.parse(sync.getInterval()).orElse(DEFAULT_INTERVAL);
  }

  public static boolean due(
      BackupPolicy policy, BackupPolicyStatus current, Instant now, Set<String> syncedSinceStart) {
    if (!syncedSinceStart.contains(policy.getMetadata().getUid())) {
      return true;
    }
    if (!Objects.equals(policy.getMetadata().getGeneration(), current.getObservedGeneration())) {
      return true;
    }
    Instant last = lastSynced(current);
    return last == null || !now.isBefore(last.plus(interval(policy)));
  }

  /** How long until the next pass is due (zero when it is). */
  public static Duration until(BackupPolicy policy, BackupPolicyStatus status, Instant now) {
    Instant last = lastSynced(status);
    if (last == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, last.plus(interval(policy)));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Instant lastSynced(BackupPolicyStatus status) {
    return status.getSync() == null || status.getSync().getLastSyncedTime() == null
        ? null
        : Instant.parse(status.getSync().getLastSyncedTime());
  }
}
