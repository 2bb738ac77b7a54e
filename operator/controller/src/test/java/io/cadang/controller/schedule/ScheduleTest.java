package io.cadang.controller.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Next-slot computation. Europe/Berlin springs forward on 2026-03-29 at 02:00 CET (01:00Z) and
 * falls back on 2026-10-25 at 03:00 CEST (01:00Z).
 */
class ScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalDate SPRING_FORWARD = LocalDate.of(2026, 3, 29);
  private static final LocalDate FALL_BACK = LocalDate.of(2026, 10, 25);

  @Test
  void dailyAtTwoUtcRunsAtTwoUtc() throws Exception {
    Schedule daily = Schedule.parse("0 2 * * *", "UTC");
    assertEquals(at("2026-11-20T02:00:00Z"), daily.nextAfter(at("2026-11-19T02:00:00Z")).get());
  }

  @Test
  void theNextSlotIsStrictlyAfterTheGivenInstant() throws Exception {
    Schedule daily = Schedule.parse("0 2 * * *", "UTC");
    assertEquals(at("2026-11-21T02:00:00Z"), daily.nextAfter(at("2026-11-20T02:00:00Z")).get());
  }

  @Test
  void threeAmInJakartaIsEightPmUtcTheDayBefore() throws Exception {
    Schedule wib = Schedule.parse("0 3 * * *", "Asia/Jakarta");
    assertEquals(at("2026-11-19T20:00:00Z"), wib.nextAfter(at("2026-11-19T12:00:00Z")).get());
  }

  @Test
  void aDailyJobInTheSpringForwardGapRunsOnceAtThreeLocal() throws Exception {
    Schedule job = new Schedule(CronExpression.parse("30 2 * * *"), BERLIN);
    assertEquals(
        List.of(
            at("2026-03-28T01:30:00Z"), // 02:30 CET
            at("2026-03-29T01:00:00Z"), // 02:30 does not exist: 03:00 CEST, the end of the gap
            at("2026-03-30T00:30:00Z")), // 02:30 CEST
        slots(job, at("2026-03-28T00:00:00Z"), 3));
  }

  @Test
  void aDailyJobInTheFallBackOverlapRunsOnceAtTheFirstOccurrence() throws Exception {
    Schedule job = new Schedule(CronExpression.parse("30 2 * * *"), BERLIN);
    assertEquals(
        List.of(
            at("2026-10-24T00:30:00Z"), // 02:30 CEST
            at("2026-10-25T00:30:00Z"), // the first 02:30 (CEST); the second (CET) is skipped
            at("2026-10-26T01:30:00Z")), // 02:30 CET
        slots(job, at("2026-10-24T00:00:00Z"), 3));
  }

  @Test
  void anHourlyJobRuns23TimesOnTheSpringForwardDay() throws Exception {
    Schedule hourly = new Schedule(CronExpression.parse("@hourly"), BERLIN);
    List<Instant> day = slotsOnLocalDay(hourly, SPRING_FORWARD);
    assertEquals(23, day.size());
    // 01:00 CET, then 03:00 CEST: the missing 02:00 collapses into 03:00.
    assertEquals(at("2026-03-29T00:00:00Z"), day.get(1));
    assertEquals(at("2026-03-29T01:00:00Z"), day.get(2));
  }

  @Test
  void anHourlyJobRuns24TimesOnTheFallBackDaySkippingTheRepeatedHour() throws Exception {
    Schedule hourly = new Schedule(CronExpression.parse("@hourly"), BERLIN);
    List<Instant> day = slotsOnLocalDay(hourly, FALL_BACK);
    assertEquals(24, day.size());
    // 02:00 CEST, then 03:00 CET: the second 02:00 (01:00Z) does not run.
    assertEquals(at("2026-10-25T00:00:00Z"), day.get(2));
    assertEquals(at("2026-10-25T02:00:00Z"), day.get(3));
  }

  @Test
  void everyFifteenMinutesInTheGapCollapsesIntoOneRun() throws Exception {
    Schedule job = new Schedule(CronExpression.parse("*/15 2 * * *"), BERLIN);
    assertEquals(List.of(at("2026-03-29T01:00:00Z")), slotsOnLocalDay(job, SPRING_FORWARD));
  }

  @Test
  void dayOfMonthOrWeekdayFiresOnEither() throws Exception {
    Schedule job = Schedule.parse("0 0 13 * FRI", "UTC");
    assertEquals(
        List.of(
            at("2026-12-04T00:00:00Z"),
            at("2026-12-11T00:00:00Z"),
            at("2026-12-13T00:00:00Z"),
            at("2026-12-18T00:00:00Z"),
            at("2026-12-25T00:00:00Z")),
        slots(job, at("2026-12-01T00:00:00Z"), 5));
  }

  @Test
  void february29RunsOnlyInLeapYears() throws Exception {
    Schedule leap = Schedule.parse("0 0 29 2 *", "UTC");
    assertEquals(
        List.of(at("2028-02-29T00:00:00Z"), at("2032-02-29T00:00:00Z")),
        slots(leap, at("2026-01-01T00:00:00Z"), 2));
  }

  @Test
  void february29SkipsACenturyThatIsNotALeapYear() throws Exception {
    Schedule leap = Schedule.parse("0 0 29 2 *", "UTC");
    assertEquals(at("2104-02-29T00:00:00Z"), leap.nextAfter(at("2096-03-01T00:00:00Z")).get());
  }

  @Test
  void theLastDayOfFebruaryIsReachedThroughDayOfMonthLists() throws Exception {
    Schedule endOfFebruary = Schedule.parse("0 0 28,29 2 *", "UTC");
    assertEquals(
        List.of(at("2027-02-28T00:00:00Z"), at("2028-02-28T00:00:00Z"), at("2028-02-29T00:00:00Z")),
        slots(endOfFebruary, at("2026-03-01T00:00:00Z"), 3));
  }

  @Test
  void latestAtOrBeforeIncludesASlotExactlyAtTheInstant() throws Exception {
    Schedule daily = Schedule.parse("0 2 * * *", "UTC");
    assertEquals(
        at("2026-11-20T02:00:00Z"), daily.latestAtOrBefore(at("2026-11-20T02:00:00Z")).get());
    assertEquals(
        at("2026-11-19T02:00:00Z"), daily.latestAtOrBefore(at("2026-11-20T01:59:59Z")).get());
  }

  @Test
  void latestAtOrBeforeMirrorsNextAfterAcrossBothTransitions() throws Exception {
    Schedule every20 = new Schedule(CronExpression.parse("*/20 * * * *"), BERLIN);
    for (LocalDate day : List.of(SPRING_FORWARD, FALL_BACK)) {
      List<Instant> slots = slotsOnLocalDay(every20, day);
      for (int i = 1; i < slots.size(); i++) {
        Instant justBefore = slots.get(i).minusSeconds(1);
        assertEquals(slots.get(i - 1), every20.latestAtOrBefore(justBefore).get(), "" + justBefore);
      }
    }
  }

  @Test
  void theLongestIntervalOfADailyJobInBerlinIsTheFallBackDay() throws Exception {
    Schedule job = new Schedule(CronExpression.parse("30 2 * * *"), BERLIN);
    assertEquals(Duration.ofHours(25), job.longestInterval(at("2026-01-01T00:00:00Z")));
  }

  @Test
  void theLongestIntervalOfAnHourlyJobInBerlinIsTwoHours() throws Exception {
    Schedule hourly = new Schedule(CronExpression.parse("@hourly"), BERLIN);
    assertEquals(Duration.ofHours(2), hourly.longestInterval(at("2026-01-01T00:00:00Z")));
  }

  @Test
  void theLongestIntervalOfADailyJobInJakartaIsOneDay() throws Exception {
    Schedule wib = Schedule.parse("0 3 * * *", "Asia/Jakarta");
    assertEquals(Duration.ofDays(1), wib.longestInterval(at("2026-01-01T00:00:00Z")));
  }

  @Test
  void theLongestIntervalOfAMonthlyJobIsThirtyOneDays() throws Exception {
    Schedule monthly = Schedule.parse("@monthly", "UTC");
    assertEquals(Duration.ofDays(31), monthly.longestInterval(at("2026-01-01T00:00:00Z")));
  }

  @Test
  void theLongestIntervalOfALeapDayJobIsFourYears() throws Exception {
    Schedule leap = Schedule.parse("0 0 29 2 *", "UTC");
    assertEquals(Duration.ofDays(4 * 365 + 1), leap.longestInterval(at("2026-01-01T00:00:00Z")));
  }

  private static List<Instant> slots(Schedule schedule, Instant after, int count) {
    List<Instant> slots = new ArrayList<>();
    Instant t = after;
    for (int i = 0; i < count; i++) {
      t = schedule.nextAfter(t).orElseThrow();
      slots.add(t);
    }
    return slots;
  }

  private static List<Instant> slotsOnLocalDay(Schedule schedule, LocalDate day) {
    Instant start = day.atStartOfDay(schedule.zone()).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(schedule.zone()).toInstant();
    List<Instant> slots = new ArrayList<>();
    Instant t = schedule.nextAfter(start.minusNanos(1)).orElseThrow();
    while (t.isBefore(end)) {
      slots.add(t);
      t = schedule.nextAfter(t).orElseThrow();
    }
    return slots;
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
