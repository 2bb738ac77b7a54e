package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a policy's backups are current: the last success is no older than the schedule's longest
 * interval plus a grace period. Failed runs are not the only danger: a suspended policy, a stuck
 * Job or an operator that is down also leave backups silently old, and this makes that visible.
 *
 * <p>Grace is {@value #GRACE_PERCENT}% of the interval, at least {@link #MIN_GRACE}: a daily backup
 * gets 2h24m to run and finish, a 5-minute one 15 minutes, so normal run time never looks stale.
 *
 * <p>A policy with no success yet is never "current" (claiming so with no backup would be a lie);
 * its reason is NoSuccessYet, and the message says whether the first backup is still to come or
 * overdue.
 */
public final class BackupFreshness {
  static final int GRACE_PERCENT = 10;
  static final Duration MIN_GRACE = Duration.ofMinutes(15);

  private BackupFreshness() {}

  public record Verdict(boolean current, ConditionReason reason, String message) {}

  public static Duration grace(Duration interval) {
    Duration share = interval.multipliedBy(GRACE_PERCENT).dividedBy(100);
    return share.compareTo(MIN_GRACE) > 0 ? share : MIN_GRACE;
  }

  /**
   * @param lastSuccess completion of the newest successful run, null when none
   * @param createdAt the policy's creation: the first slot after it is the first one due
   */
  public static Verdict evaluate(
      Schedule schedule, Instant lastSuccess, Instant createdAt, Instant now) {
    if (lastSuccess == null) {
      Instant first = schedule.nextAfter(createdAt).orElse(createdAt);
      Instant due = first.plus(grace(schedule.longestInterval(first)));
      String message =
          now.isAfter(due)
              ? "no backup has succeeded since the first slot at " + first + " (due by " + due + ")"
              : "no backup has succeeded yet; the first slot is at " + first;
      return new Verdict(false, ConditionReason.NO_SUCCESS_YET, message);
    }
    Duration interval = schedule.longestInterval(lastSuccess);
    Duration grace = grace(interval);
    Instant due = lastSuccess.plus(interval).plus(grace);
    String window =
        "the schedule's longest interval ("
            + human(interval)
            + ") plus grace ("
            + human(grace)
            + ")";
    if (now.isAfter(due)) {
      return new Verdict(
          false,
          ConditionReason.STALE,
          "last success at " + lastSuccess + " is older than " + window + "; overdue since " + due);
    }
    return new Verdict(
        true,
        ConditionReason.BACKUP_SUCCEEDED,
        "last success at " + lastSuccess + " is within " + window);
  }

  static String human(Duration d) {
    long minutes = d.toMinutes();
    return minutes % 60 == 0 ? (minutes / 60) + "h" : (minutes / 60) + "h" + (minutes % 60) + "m";
  }
}
