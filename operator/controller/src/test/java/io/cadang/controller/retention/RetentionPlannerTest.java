package io.cadang.controller.retention;

import static io.cadang.controller.retention.Runs.dailySuccesses;
import static io.cadang.controller.retention.Runs.failed;
import static io.cadang.controller.retention.Runs.inUse;
import static io.cadang.controller.retention.Runs.name;
import static io.cadang.controller.retention.Runs.succeeded;
import static io.cadang.controller.retention.Runs.unfinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
  private static final LocalTime TWO_AM = LocalTime.of(2, 0);

  @Test
  void seed000KeepsFourteenDailiesFourWeekliesAndTwelveMonthliesOfAYear() {
    // A year of daily 02:00 runs ending Friday 2026-11-20 (ISO week 47).
    List<RetentionCandidate> year =
        dailySuccesses(LocalDate.of(2025, 11, 21), LocalDate.of(2026, 11, 20), TWO_AM, UTC);

    RetentionPlan plan = RetentionPlanner.plan(year, RetentionPolicy.calendar(14, 4, 12), UTC);

    List<String> expected = new ArrayList<>();
    // Daily: the 14 newest days, 2026-11-20 back to 2026-11-07. Weekly W47, W46 and W45 (the
    // 20th, 15th and 8th) fall among them; W44 adds Sunday 2026-11-01.
    for (int day = 20; day >= 7; day--) {
      expected.add(name(LocalDate.of(2026, 11, day)));
    }
    expected.add(name(LocalDate.of(2026, 11, 1)));
    // Monthly: November is the 20th; then the last day of each earlier month back to 2025-12.
    Stream.of(
            "2026-10-31",
            "2026-09-30",
            "2026-08-31",
            "2026-07-31",
            "2026-06-30",
            "2026-05-31",
            "2026-04-30",
            "2026-03-31",
            "2026-02-28",
            "2026-01-31",
            "2025-12-31")
        .map(day -> name(LocalDate.parse(day)))
        .forEach(expected::add);
    assertEquals(expected, plan.keep());
    assertEquals(365 - 26, plan.delete().size());
  }

  @Test
  void seed000WithCalendarPickOldestKeepsTheFirstOfEachMonth() {
    // Seed 000 asks for "monthly (first of the month)": the same year of dailies, calendarPick
    // Oldest. The daily rule is unchanged (one run per day); weeks and months keep their first run.
    List<RetentionCandidate> year =
        dailySuccesses(LocalDate.of(2025, 11, 21), LocalDate.of(2026, 11, 20), TWO_AM, UTC);
    RetentionPolicy firstOfPeriod = new RetentionPolicy(null, 14, 4, 12, null, 3, true);

    RetentionPlan plan = RetentionPlanner.plan(year, firstOfPeriod, UTC);

    List<String> expected = new ArrayList<>();
    for (int day = 20; day >= 7; day--) {
      expected.add(name(LocalDate.of(2026, 11, day)));
    }
    // Weekly: Mondays of W47..W44 are the 16th, 9th, 2nd (among the dailies or below) and Oct 26.
    expected.add(name(LocalDate.of(2026, 11, 2)));
    // Monthly: the 1st of November back to the 1st of December 2025 (12 months).
    expected.add(name(LocalDate.of(2026, 11, 1)));
    expected.add(name(LocalDate.of(2026, 10, 26)));
    for (int month = 10; month >= 1; month--) {
      expected.add(name(LocalDate.of(2026, month, 1)));
    }
    expected.add(name(LocalDate.of(2025, 12, 1)));
    assertEquals(expected, plan.keep());
    assertEquals(Set.of("monthly 2026-10"), plan.reasons().get(name(LocalDate.of(2026, 10, 1))));
    assertEquals(Set.of("weekly 2026-W44"), plan.reasons().get(name(LocalDate.of(2026, 10, 26))));
    // The first of the month stays the month's representative as the month goes on: a later run in
    // November does not replace it.
    List<RetentionCandidate> oneMore = new ArrayList<>(year);
    oneMore.addAll(
        dailySuccesses(LocalDate.of(2026, 11, 21), LocalDate.of(2026, 11, 21), TWO_AM, UTC));
    assertTrue(
        RetentionPlanner.plan(oneMore, firstOfPeriod, UTC)
            .reasons()
            .get(name(LocalDate.of(2026, 11, 1)))
            .contains("monthly 2026-11"));
  }

  @Test
  void seed000ReasonsNameEveryBucketARunSatisfies() {
    List<RetentionCandidate> year =
        dailySuccesses(LocalDate.of(2025, 11, 21), LocalDate.of(2026, 11, 20), TWO_AM, UTC);

    RetentionPlan plan = RetentionPlanner.plan(year, RetentionPolicy.calendar(14, 4, 12), UTC);

    assertEquals(
        Set.of("newest success", "daily 2026-11-20", "weekly 2026-W47", "monthly 2026-11"),
        plan.reasons().get("db-2026-11-20"));
    assertEquals(Set.of("weekly 2026-W44"), plan.reasons().get("db-2026-11-01"));
    assertEquals(Set.of("expired"), plan.reasons().get("db-2026-11-06"));
  }

  @Test
  void seed003KeepsThirtyDaysOfJakartaBackups() {
    // 03:00 WIB is 20:00 UTC the day before; days are counted in Jakarta.
    List<RetentionCandidate> twoMonths =
        dailySuccesses(
            LocalDate.of(2026, 9, 22), LocalDate.of(2026, 11, 20), LocalTime.of(3, 0), JAKARTA);

    RetentionPlan plan =
        RetentionPlanner.plan(twoMonths, RetentionPolicy.calendar(30, null, null), JAKARTA);

    List<String> expected = new ArrayList<>();
    for (LocalDate day = LocalDate.of(2026, 11, 20);
        !day.isBefore(LocalDate.of(2026, 10, 22));
        day = day.minusDays(1)) {
      expected.add(name(day));
    }
    assertEquals(expected, plan.keep());
    assertEquals(30, plan.delete().size());
  }

  @Test
  void seed003KeepsNinetyDaysOfWeeklyConfigSnapshotsAsThirteenWeeks() {
    List<RetentionCandidate> weekly = new ArrayList<>();
    LocalDate sunday = LocalDate.of(2026, 11, 15);
    for (int week = 0; week < 26; week++) {
      LocalDate day = sunday.minusWeeks(week);
      weekly.add(succeeded(name(day), day.atTime(TWO_AM).atZone(JAKARTA).toInstant()));
    }

    RetentionPlan plan =
        RetentionPlanner.plan(weekly, RetentionPolicy.calendar(null, 13, null), JAKARTA);

    assertEquals(
        weekly.subList(0, 13).stream().map(RetentionCandidate::name).toList(), plan.keep());
  }

  @Test
  void calendarDaysAreReadInThePolicyTimeZone() {
    // 23:00 and 01:00 WIB: two Jakarta days, but one UTC day (the 19th).
    RetentionCandidate late = succeeded("late", Instant.parse("2026-11-19T16:00:00Z"));
    RetentionCandidate early = succeeded("early", Instant.parse("2026-11-19T18:00:00Z"));
    RetentionPolicy twoDays = RetentionPolicy.calendar(2, null, null);

    assertEquals(
        List.of("early", "late"),
        RetentionPlanner.plan(List.of(late, early), twoDays, JAKARTA).keep());
    assertEquals(
        List.of("early"), RetentionPlanner.plan(List.of(late, early), twoDays, UTC).keep());
  }

  @Test
  void theNewestOfADayIsTheOneKeptForIt() {
    RetentionCandidate morning = succeeded("morning", Instant.parse("2026-11-20T02:00:00Z"));
    RetentionCandidate evening = succeeded("evening", Instant.parse("2026-11-20T20:00:00Z"));
    RetentionCandidate yesterday = succeeded("yesterday", Instant.parse("2026-11-19T02:00:00Z"));

    RetentionPlan plan =
        RetentionPlanner.plan(
            List.of(morning, yesterday, evening), RetentionPolicy.calendar(2, null, null), UTC);

    assertEquals(List.of("evening", "yesterday"), plan.keep());
    assertEquals(List.of("morning"), plan.delete());
  }

  @Test
  void keepLastKeepsTheNewestSuccessesWhateverTheirDays() {
    List<RetentionCandidate> runs =
        dailySuccesses(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 5), TWO_AM, UTC);
    RetentionPolicy lastTwo = new RetentionPolicy(2, null, null, null, null, 3);

    assertEquals(
        List.of("db-2026-11-05", "db-2026-11-04"),
        RetentionPlanner.plan(runs, lastTwo, UTC).keep());
  }

  @Test
  void theNewestSuccessIsKeptEvenWhenEveryCountIsZero() {
    List<RetentionCandidate> runs =
        dailySuccesses(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 3), TWO_AM, UTC);

    RetentionPlan plan = RetentionPlanner.plan(runs, RetentionPolicy.calendar(0, 0, 0), UTC);

    assertEquals(List.of("db-2026-11-03"), plan.keep());
    assertEquals(Set.of("newest success"), plan.reasons().get("db-2026-11-03"));
  }

  @Test
  void aRunARestoreIsUsingIsKeptPastItsRetention() {
    List<RetentionCandidate> runs =
        new ArrayList<>(
            dailySuccesses(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 5), TWO_AM, UTC));
    runs.set(0, inUse(runs.get(0)));

    RetentionPlan plan = RetentionPlanner.plan(runs, RetentionPolicy.calendar(1, null, null), UTC);

    assertEquals(List.of("db-2026-11-05", "db-2026-11-01"), plan.keep());
    assertEquals(Set.of("in use"), plan.reasons().get("db-2026-11-01"));
  }

  @Test
  void unfinishedRunsAreNeverDeleted() {
    RetentionCandidate stuck = unfinished("stuck", Instant.parse("2026-10-01T02:00:00Z"));
    RetentionCandidate ok = succeeded("ok", Instant.parse("2026-11-20T02:00:00Z"));

    RetentionPlan plan =
        RetentionPlanner.plan(List.of(stuck, ok), RetentionPolicy.calendar(1, null, null), UTC);

    assertEquals(List.of("ok", "stuck"), plan.keep());
  }

  @Test
  void failedRunsBeyondKeepFailedAreDeletedNewestKept() {
    List<RetentionCandidate> runs = new ArrayList<>();
    runs.add(succeeded("ok", Instant.parse("2026-11-20T02:00:00Z")));
    for (int day = 10; day <= 14; day++) {
      runs.add(failed("failed-" + day, Instant.parse("2026-11-" + day + "T02:00:00Z")));
    }

    RetentionPlan plan = RetentionPlanner.plan(runs, RetentionPolicy.calendar(7, null, null), UTC);

    assertEquals(List.of("ok", "failed-14", "failed-13", "failed-12"), plan.keep());
    assertEquals(List.of("failed-11", "failed-10"), plan.delete());
    assertEquals(Set.of("older failure"), plan.reasons().get("failed-10"));
  }

  @Test
  void withoutAnyKeepCountNothingIsDeleted() {
    List<RetentionCandidate> runs = new ArrayList<>();
    runs.addAll(dailySuccesses(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 1), TWO_AM, UTC));
    for (int day = 10; day <= 19; day++) {
      runs.add(failed("failed-" + day, Instant.parse("2026-11-" + day + "T02:00:00Z")));
    }
    RetentionPolicy unset = new RetentionPolicy(null, null, null, null, null, 0);

    RetentionPlan plan = RetentionPlanner.plan(runs, unset, UTC);

    assertEquals(List.of(), plan.delete());
    assertEquals(runs.size(), plan.keep().size());
  }

  @Test
  void yearlyKeepsTheNewestSuccessOfEachYear() {
    List<RetentionCandidate> runs =
        dailySuccesses(LocalDate.of(2023, 12, 30), LocalDate.of(2026, 1, 2), TWO_AM, UTC);
    RetentionPolicy yearly = new RetentionPolicy(null, null, null, null, 3, 3);

    assertEquals(
        List.of("db-2026-01-02", "db-2025-12-31", "db-2024-12-31"),
        RetentionPlanner.plan(runs, yearly, UTC).keep());
  }

  @Test
  void negativeCountsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RetentionPolicy.calendar(-1, null, null));
    assertTrue(e.getMessage().startsWith("keepDaily must not be negative"), e.getMessage());
  }
}
