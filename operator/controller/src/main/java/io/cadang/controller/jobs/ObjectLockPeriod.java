package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.ObjectLock;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.api.v1alpha1.ShortDuration;
import java.time.Duration;
import java.util.Optional;

/**
 * How long each object written to a repository stays locked, as a pure function of the policy: the
 * repository's {@code objectLock.retainFor}, or else the longest time the retention rules could
 * keep a backup plus the margin. The calendar rules bound a backup's life (a backup kept as one of
 * N monthly backups is at most about N months old); keepLast does not (its age depends on how often
 * backups run), so a policy with only keepLast must name the period.
 */
public final class ObjectLockPeriod {
  private ObjectLockPeriod() {}

  /** Empty when the repository asks for no lock. */
  public static Optional<Duration> of(BackupPolicySpec spec, Repository repository) {
    ObjectLock lock = repository.getObjectLock();
    if (lock == null) {
      return Optional.empty();
    }
    Optional<Duration> explicit = ShortDuration.parse(lock.getRetainFor());
    if (explicit.isPresent()) {
      return explicit;
    }
    Duration longest = longestKept(spec.getRetention());
    if (longest.isZero()) {
      throw new IllegalArgumentException(
          "set retainFor: spec.retention has no keepDaily, keepWeekly, keepMonthly or keepYearly"
              + " to derive how long a backup is kept");
    }
    return Optional.of(longest.plus(ShortDuration.parse(lock.getMargin()).orElse(Duration.ZERO)));
  }

  /** The longest a calendar rule keeps a backup; zero when no calendar rule is set. */
  static Duration longestKept(Retention retention) {
    if (retention == null) {
      return Duration.ZERO;
    }
    long days = 0;
    days = Math.max(days, count(retention.getKeepDaily()));
    days = Math.max(days, 7L * count(retention.getKeepWeekly()));
    days = Math.max(days, 31L * count(retention.getKeepMonthly()));
    days = Math.max(days, 366L * count(retention.getKeepYearly()));
    return Duration.ofDays(days);
  }

  private static long count(Integer n) {
    return n == null ? 0 : Math.max(0, n);
  }
}
