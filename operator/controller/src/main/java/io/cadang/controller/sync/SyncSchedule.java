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
    String v = sync.getInterval().trim();
    try {
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> DEFAULT_INTERVAL;
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return DEFAULT_INTERVAL; // the schema's pattern refuses such values; the mock does not
    }
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
