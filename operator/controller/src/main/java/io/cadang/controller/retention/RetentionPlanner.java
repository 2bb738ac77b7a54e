package io.cadang.controller.retention;

import io.cadang.controller.retention.RetentionCandidate.Outcome;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which runs retention keeps and deletes, like restic/borg "forget": keepLast keeps the
 * newest N successes; keepDaily N keeps, for each of the N most recent days that have a success,
 * that day's newest success (or its oldest, with calendarPick Oldest: "the first of the month");
 * weekly (ISO weeks), monthly and yearly work the same. Rules are counted independently and one run
 * may satisfy several. Days are read in the policy's time zone, so a 03:00 WIB backup belongs to
 * its Jakarta day, not the UTC day before.
 *
 * <p>Safety rules override the counts: the newest success, runs a restore is using and unfinished
 * runs are always kept, and with no keep* count set nothing is deleted. Failed runs keep the newest
 * {@code keepFailed} for diagnosis; older failures are deleted.
 *
 * <p>Buckets are counted over the runs that exist, not back from {@code now}: a policy that stopped
 * running keeps its last N days instead of expiring everything while nobody looks.
 */
public final class RetentionPlanner {
  static final String NEWEST_SUCCESS = "newest success";
  static final String IN_USE = "in use";
  static final String UNFINISHED = "unfinished";
  static final String LAST = "last";
  static final String RECENT_FAILURE = "recent failure";
  static final String NO_RULES = "no keep rules set";
  static final String EXPIRED = "expired";
  static final String OLD_FAILURE = "older failure";

  private RetentionPlanner() {}

  public static RetentionPlan plan(
      List<RetentionCandidate> candidates, RetentionPolicy policy, ZoneId zone) {
    List<RetentionCandidate> newestFirst = new ArrayList<>(candidates);
    // Name breaks ties so the plan never depends on the order the API server listed runs in.
    newestFirst.sort(
        Comparator.comparing(RetentionCandidate::takenAt)
            .thenComparing(RetentionCandidate::name)
            .reversed());
    Map<String, Set<String>> keepReasons = new LinkedHashMap<>();
    List<RetentionCandidate> successes =
        newestFirst.stream().filter(c -> c.outcome() == Outcome.SUCCEEDED).toList();
    List<RetentionCandidate> failures =
        newestFirst.stream().filter(c -> c.outcome() == Outcome.FAILED).toList();

    if (!policy.anyKeepSet()) {
      newestFirst.forEach(c -> keepFor(keepReasons, c, NO_RULES));
    }
    if (!successes.isEmpty()) {
      keepFor(keepReasons, successes.get(0), NEWEST_SUCCESS);
    }
    if (policy.keepLast() != null) {
      successes.stream().limit(policy.keepLast()).forEach(c -> keepFor(keepReasons, c, LAST));
    }
    for (CalendarBucket bucket : CalendarBucket.values()) {
      Integer count = bucket.count(policy);
      if (count != null) {
        keepOnePerBucket(successes, bucket, count, zone, policy.oldestPerPeriod(), keepReasons);
      }
    }
    failures.stream()
        .limit(policy.keepFailed())
        .forEach(c -> keepFor(keepReasons, c, RECENT_FAILURE));
    for (RetentionCandidate c : newestFirst) {
      if (c.inUse()) {
        keepFor(keepReasons, c, IN_USE);
      }
      if (c.outcome() == Outcome.UNFINISHED) {
        keepFor(keepReasons, c, UNFINISHED);
      }
    }
    return collect(newestFirst, keepReasons);
  }

  /**
   * The {@code count} most recent buckets that have a success, each represented by its newest or,
   * with {@code oldest}, its first success. Successes are newest first.
   */
  private static void keepOnePerBucket(
      List<RetentionCandidate> successes,
      CalendarBucket bucket,
      int count,
      ZoneId zone,
      boolean oldest,
      Map<String, Set<String>> keepReasons) {
    Map<String, RetentionCandidate> chosen = new LinkedHashMap<>();
    for (RetentionCandidate c : successes) {
      String reason = bucket.reason(c.takenAt().atZone(zone).toLocalDate());
      if (!chosen.containsKey(reason) && chosen.size() >= count) {
        break;
      }
      // Newest first: the first seen is the bucket's newest, the last seen its oldest.
      if (oldest || !chosen.containsKey(reason)) {
        chosen.put(reason, c);
      }
    }
    chosen.forEach((reason, c) -> keepFor(keepReasons, c, reason));
  }

  private static RetentionPlan collect(
      List<RetentionCandidate> newestFirst, Map<String, Set<String>> keepReasons) {
    List<String> keep = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    Map<String, Set<String>> reasons = new LinkedHashMap<>();
    for (RetentionCandidate c : newestFirst) {
      Set<String> why = keepReasons.get(c.name());
      if (why != null) {
        keep.add(c.name());
        reasons.put(c.name(), Collections.unmodifiableSet(why));
      } else {
        delete.add(c.name());
        reasons.put(c.name(), Set.of(c.outcome() == Outcome.FAILED ? OLD_FAILURE : EXPIRED));
      }
    }
    return new RetentionPlan(keep, delete, reasons);
  }

  private static void keepFor(
      Map<String, Set<String>> keepReasons, RetentionCandidate c, String reason) {
    keepReasons.computeIfAbsent(c.name(), n -> new LinkedHashSet<>()).add(reason);
  }
}
