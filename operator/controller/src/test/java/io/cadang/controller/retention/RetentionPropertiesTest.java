package io.cadang.controller.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.controller.retention.RetentionCandidate.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Properties of the planner over 600 generated histories (fixed seeds, so a failure reproduces):
 * random gaps from minutes to weeks, failures, unfinished runs, in-use runs, zones and settings.
 */
class RetentionPropertiesTest {
  private static final int HISTORY_COUNT = 600;
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("Asia/Jakarta"),
          ZoneId.of("America/New_York"));

  /** A generated case: the runs, the settings and the plan made from them. */
  record History(
      long seed,
      List<RetentionCandidate> runs,
      RetentionPolicy policy,
      ZoneId zone,
      RetentionPlan plan) {
    List<RetentionCandidate> successesNewestFirst() {
      return runs.stream()
          .filter(r -> r.outcome() == Outcome.SUCCEEDED)
          .sorted(newestFirst())
          .toList();
    }

    String describe() {
      return "seed " + seed + ", " + policy + ", " + zone;
    }
  }

  @Test
  void theNewestSuccessIsAlwaysKept() {
    for (History h : histories()) {
      List<RetentionCandidate> successes = h.successesNewestFirst();
      if (!successes.isEmpty()) {
        assertTrue(h.plan().keep().contains(successes.get(0).name()), h.describe());
      }
    }
  }

  @Test
  void runsInUseAreAlwaysKept() {
    for (History h : histories()) {
      for (RetentionCandidate run : h.runs()) {
        if (run.inUse()) {
          assertTrue(h.plan().keep().contains(run.name()), h.describe() + ": " + run);
        }
      }
    }
  }

  @Test
  void unfinishedRunsAreNeverDeleted() {
    for (History h : histories()) {
      for (RetentionCandidate run : h.runs()) {
        if (run.outcome() == Outcome.UNFINISHED) {
          assertFalse(h.plan().delete().contains(run.name()), h.describe() + ": " + run);
        }
      }
    }
  }

  @Test
  void everyRunIsEitherKeptOrDeletedNeverBoth() {
    for (History h : histories()) {
      Set<String> all = h.runs().stream().map(RetentionCandidate::name).collect(Collectors.toSet());
      Set<String> keep = new HashSet<>(h.plan().keep());
      Set<String> delete = new HashSet<>(h.plan().delete());
      assertEquals(h.plan().keep().size(), keep.size(), h.describe());
      assertEquals(h.plan().delete().size(), delete.size(), h.describe());
      assertTrue(keep.stream().noneMatch(delete::contains), h.describe());
      Set<String> union = new HashSet<>(keep);
      union.addAll(delete);
      assertEquals(all, union, h.describe());
    }
  }

  @Test
  void everyKeptRunHasAReason() {
    for (History h : histories()) {
      for (String kept : h.plan().keep()) {
        assertFalse(h.plan().reasons().get(kept).isEmpty(), h.describe() + ": " + kept);
      }
    }
  }

  @Test
  void keepLastKeepsExactlyTheNewestSuccesses() {
    for (History h : histories()) {
      if (h.policy().keepLast() == null) {
        continue;
      }
      List<String> expected =
          h.successesNewestFirst().stream()
              .limit(h.policy().keepLast())
              .map(RetentionCandidate::name)
              .toList();
      assertEquals(expected, namesWithReason(h, "last"), h.describe());
    }
  }

  @Test
  void dailyKeepsTheNewestSuccessOfEachOfTheMostRecentDaysThatHaveOne() {
    assertBucketRule("daily", RetentionPolicy::keepDaily, LocalDate::toString);
  }

  @Test
  void weeklyKeepsTheNewestSuccessOfEachOfTheMostRecentIsoWeeksThatHaveOne() {
    assertBucketRule(
        "weekly",
        RetentionPolicy::keepWeekly,
        d ->
            d.get(IsoFields.WEEK_BASED_YEAR)
                + "-W"
                + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
  }

  @Test
  void monthlyKeepsTheNewestSuccessOfEachOfTheMostRecentMonthsThatHaveOne() {
    assertBucketRule(
        "monthly",
        RetentionPolicy::keepMonthly,
        d -> d.getYear() + "-" + String.format("%02d", d.getMonthValue()));
  }

  @Test
  void yearlyKeepsTheNewestSuccessOfEachOfTheMostRecentYearsThatHaveOne() {
    assertBucketRule("yearly", RetentionPolicy::keepYearly, d -> Integer.toString(d.getYear()));
  }

  @Test
  void failedRunsBeyondKeepFailedAreDeletedUnlessInUse() {
    for (History h : histories()) {
      if (!h.policy().anyKeepSet()) {
        continue;
      }
      List<RetentionCandidate> failures =
          h.runs().stream()
              .filter(r -> r.outcome() == Outcome.FAILED)
              .sorted(newestFirst())
              .toList();
      for (int i = 0; i < failures.size(); i++) {
        RetentionCandidate run = failures.get(i);
        boolean shouldKeep = i < h.policy().keepFailed() || run.inUse();
        assertEquals(shouldKeep, h.plan().keep().contains(run.name()), h.describe() + ": " + run);
      }
    }
  }

  @Test
  void everyDeletedRunSaysWhy() {
    for (History h : histories()) {
      for (String deleted : h.plan().delete()) {
        assertEquals(
            Set.of(
                h.runs().stream().anyMatch(r -> isFailure(r, deleted))
                    ? "older failure"
                    : "expired"),
            h.plan().reasons().get(deleted),
            h.describe());
      }
    }
  }

  @Test
  void withoutAnyKeepCountNothingIsDeleted() {
    int unset = 0;
    for (History h : histories()) {
      if (!h.policy().anyKeepSet()) {
        unset++;
        assertEquals(List.of(), h.plan().delete(), h.describe());
      }
    }
    assertTrue(unset > 10, "the generator covers unset policies: " + unset);
  }

  /**
   * The rule keeps exactly min(count, buckets having a success) runs: for the most recent buckets,
   * each bucket's newest success.
   */
  private static void assertBucketRule(
      String label,
      Function<RetentionPolicy, Integer> count,
      Function<LocalDate, String> bucketOf) {
    int checked = 0;
    for (History h : histories()) {
      Integer n = count.apply(h.policy());
      if (n == null) {
        continue;
      }
      Set<String> buckets = new LinkedHashSet<>();
      List<String> expected = new ArrayList<>();
      for (RetentionCandidate run : h.successesNewestFirst()) {
        String bucket = bucketOf.apply(run.takenAt().atZone(h.zone()).toLocalDate());
        if (buckets.size() < n && buckets.add(bucket)) {
          expected.add(run.name());
        }
      }
      List<String> actual = namesWithReasonPrefix(h, label + " ");
      assertEquals(expected, actual, h.describe());
      long distinct =
          h.successesNewestFirst().stream()
              .map(r -> bucketOf.apply(r.takenAt().atZone(h.zone()).toLocalDate()))
              .distinct()
              .count();
      assertEquals(Math.min(n, distinct), actual.size(), h.describe());
      checked++;
    }
    assertTrue(checked > 100, label + " rule checked on " + checked + " histories");
  }

  private static boolean isFailure(RetentionCandidate run, String name) {
    return run.name().equals(name) && run.outcome() == Outcome.FAILED;
  }

  private static List<String> namesWithReason(History h, String reason) {
    return h.plan().keep().stream()
        .filter(n -> h.plan().reasons().get(n).contains(reason))
        .toList();
  }

  private static List<String> namesWithReasonPrefix(History h, String prefix) {
    return h.plan().keep().stream()
        .filter(n -> h.plan().reasons().get(n).stream().anyMatch(r -> r.startsWith(prefix)))
        .toList();
  }

  private static Comparator<RetentionCandidate> newestFirst() {
    return Comparator.comparing(RetentionCandidate::takenAt)
        .thenComparing(RetentionCandidate::name)
        .reversed();
  }

  private static List<History> histories() {
    return Generated.HISTORIES;
  }

  /** Generated once per JVM; every property reads the same histories. */
  private static final class Generated {
    static final List<History> HISTORIES = generate();

    private static List<History> generate() {
      List<History> histories = new ArrayList<>();
      for (long seed = 1; seed <= HISTORY_COUNT; seed++) {
        histories.add(history(seed));
      }
      return List.copyOf(histories);
    }
  }

  private static History history(long seed) {
    Random random = new Random(seed);
    ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
    // One history in ten sets no keep count at all, the "delete nothing" safety case.
    boolean unset = random.nextInt(10) == 0;
    RetentionPolicy policy =
        unset
            ? new RetentionPolicy(null, null, null, null, null, random.nextInt(5))
            : new RetentionPolicy(
                maybe(random, 6),
                maybe(random, 40),
                maybe(random, 15),
                maybe(random, 14),
                maybe(random, 4),
                random.nextInt(5));
    List<RetentionCandidate> runs = new ArrayList<>();
    Instant t = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(86_400 * 365));
    int size = random.nextInt(120);
    for (int i = 0; i < size; i++) {
      t = t.plus(gap(random));
      int roll = random.nextInt(100);
      Outcome outcome =
          roll < 70 ? Outcome.SUCCEEDED : roll < 92 ? Outcome.FAILED : Outcome.UNFINISHED;
      runs.add(new RetentionCandidate("run-" + i, t, outcome, random.nextInt(100) < 8));
    }
    // The planner must not depend on the order runs are listed in.
    Collections.shuffle(runs, random);
    return new History(seed, runs, policy, zone, RetentionPlanner.plan(runs, policy, zone));
  }

  /** Mostly about a day, sometimes minutes apart (retries), sometimes weeks (an outage). */
  private static Duration gap(Random random) {
    int kind = random.nextInt(10);
    if (kind < 2) {
      return Duration.ofMinutes(1 + random.nextInt(180));
    }
    if (kind < 9) {
      return Duration.ofHours(20 + random.nextInt(10));
    }
    return Duration.ofDays(3 + random.nextInt(40));
  }

  /** Unset (null) in 40% of cases, otherwise 0..max. */
  private static Integer maybe(Random random, int max) {
    return random.nextInt(10) < 4 ? null : random.nextInt(max + 1);
  }
}
