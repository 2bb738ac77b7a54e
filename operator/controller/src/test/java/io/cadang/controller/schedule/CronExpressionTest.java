package io.cadang.controller.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CronExpressionTest {
  // 2026-11-16 is a Monday.
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 16);

  @Test
  void starMatchesEveryMinuteHourAndDay() throws Exception {
    CronExpression cron = CronExpression.parse("* * * * *");
    assertEquals(range(0, 59), minutes(cron));
    assertEquals(range(0, 23), hours(cron));
    assertTrue(cron.matchesDate(MONDAY));
  }

  @Test
  void listsMatchEachItem() throws Exception {
    assertEquals(List.of(5, 10, 45), minutes(CronExpression.parse("5,10,45 * * * *")));
  }

  @Test
  void rangesIncludeBothEnds() throws Exception {
    assertEquals(List.of(10, 11, 12), hours(CronExpression.parse("0 10-12 * * *")));
  }

  @Test
  void stepOverStarCountsFromTheFieldMinimum() throws Exception {
    assertEquals(List.of(0, 15, 30, 45), minutes(CronExpression.parse("*/15 * * * *")));
  }

  @Test
  void stepOverRangeCountsFromTheRangeStart() throws Exception {
    assertEquals(List.of(10, 20, 30), minutes(CronExpression.parse("10-30/10 * * * *")));
  }

  @Test
  void listsMixRangesStepsAndValues() throws Exception {
    assertEquals(
        List.of(0, 1, 2, 20, 40, 59), minutes(CronExpression.parse("0-2,20-40/20,59 * * * *")));
  }

  @Test
  void monthNamesMatchInAnyCase() throws Exception {
    CronExpression cron = CronExpression.parse("0 0 1 jan,Mar-MAY *");
    assertTrue(cron.matchesDate(LocalDate.of(2026, 1, 1)));
    assertFalse(cron.matchesDate(LocalDate.of(2026, 2, 1)));
    assertTrue(cron.matchesDate(LocalDate.of(2026, 4, 1)));
    assertFalse(cron.matchesDate(LocalDate.of(2026, 6, 1)));
  }

  @Test
  void weekdayNamesMatchInAnyCase() throws Exception {
    CronExpression cron = CronExpression.parse("0 0 * * mon-Fri");
    assertTrue(cron.matchesDate(MONDAY));
    assertTrue(cron.matchesDate(MONDAY.plusDays(4)));
    assertFalse(cron.matchesDate(MONDAY.plusDays(5)));
  }

  @Test
  void sundayIsBothZeroAndSeven() throws Exception {
    LocalDate sunday = MONDAY.minusDays(1);
    assertTrue(CronExpression.parse("0 0 * * 0").matchesDate(sunday));
    assertTrue(CronExpression.parse("0 0 * * 7").matchesDate(sunday));
    assertTrue(CronExpression.parse("0 0 * * 5-7").matchesDate(sunday));
    assertFalse(CronExpression.parse("0 0 * * 7").matchesDate(MONDAY));
  }

  @Test
  void dayOfMonthOrDayOfWeekWhenBothAreRestricted() throws Exception {
    CronExpression cron = CronExpression.parse("0 0 13 * FRI");
    assertTrue(cron.matchesDate(LocalDate.of(2026, 12, 13)), "the 13th, a Sunday");
    assertTrue(cron.matchesDate(LocalDate.of(2026, 12, 4)), "a Friday");
    assertFalse(cron.matchesDate(LocalDate.of(2026, 12, 5)));
  }

  @Test
  void onlyTheRestrictedDayFieldCountsWhenTheOtherIsStar() throws Exception {
    assertFalse(CronExpression.parse("0 0 * * MON").matchesDate(LocalDate.of(2026, 12, 1)));
    assertFalse(CronExpression.parse("0 0 1 * *").matchesDate(MONDAY));
  }

  @Test
  void aSteppedStarIsARestrictionSoDaysCombineWithOr() throws Exception {
    CronExpression cron = CronExpression.parse("0 0 */10 * MON");
    assertTrue(cron.matchesDate(MONDAY), "a Monday, the 16th");
    assertTrue(cron.matchesDate(LocalDate.of(2026, 11, 11)), "the 11th, a Wednesday");
  }

  @Test
  void surroundingWhitespaceAndRepeatedSpacesAreIgnored() throws Exception {
    assertEquals(List.of(2), hours(CronExpression.parse("  0   2 *\t* *  ")));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("macros")
  void macrosFireLikeTheirExpansion(String macro, String expansion) throws Exception {
    assertEquals(
        firstSlots(CronExpression.parse(expansion)), firstSlots(CronExpression.parse(macro)));
  }

  static Stream<Arguments> macros() {
    return Stream.of(
        Arguments.of("@yearly", "0 0 1 1 *"),
        Arguments.of("@annually", "0 0 1 1 *"),
        Arguments.of("@monthly", "0 0 1 * *"),
        Arguments.of("@weekly", "0 0 * * 0"),
        Arguments.of("@daily", "0 0 * * *"),
        Arguments.of("@midnight", "0 0 * * *"),
        Arguments.of("@hourly", "0 * * * *"),
        Arguments.of("@DAILY", "0 0 * * *"));
  }

  @ParameterizedTest(name = "''{0}''")
  @MethodSource("invalidSchedules")
  void invalidSchedulesAreRejectedWithTheFieldAndTheProblem(String schedule, String message) {
    InvalidScheduleException e =
        assertThrows(InvalidScheduleException.class, () -> CronExpression.parse(schedule));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> invalidSchedules() {
    return Stream.of(
        Arguments.of("0 2 * *", "schedule '0 2 * *': expected 5 fields, found 4"),
        Arguments.of("0 2 * * * *", "schedule '0 2 * * * *': expected 5 fields, found 6"),
        Arguments.of("", "schedule '': expected 5 fields, found 0"),
        Arguments.of(null, "schedule '': expected 5 fields, found 0"),
        Arguments.of("60 * * * *", "schedule '60 * * * *': minute 60 is out of range 0-59"),
        Arguments.of("0 25 * * *", "schedule '0 25 * * *': hour 25 is out of range 0-23"),
        Arguments.of("0 0 0 * *", "schedule '0 0 0 * *': day-of-month 0 is out of range 1-31"),
        Arguments.of("0 0 32 * *", "schedule '0 0 32 * *': day-of-month 32 is out of range 1-31"),
        Arguments.of("0 0 * 13 *", "schedule '0 0 * 13 *': month 13 is out of range 1-12"),
        Arguments.of("0 0 * * 8", "schedule '0 0 * * 8': day-of-week 8 is out of range 0-7"),
        Arguments.of(
            "99999999999 * * * *",
            "schedule '99999999999 * * * *': minute 99999999999 is out of range 0-59"),
        Arguments.of("x * * * *", "schedule 'x * * * *': minute 'x' is not a number"),
        Arguments.of(
            "0 0 * FOO *", "schedule '0 0 * FOO *': month 'FOO' is not a number or a name JAN-DEC"),
        Arguments.of(
            "0 0 * * MONDAY",
            "schedule '0 0 * * MONDAY': day-of-week 'MONDAY' is not a number or a name SUN-SAT"),
        Arguments.of(
            "0 0 * * SAT-SUN",
            "schedule '0 0 * * SAT-SUN': day-of-week range SAT-SUN is reversed"
                + " (write the smaller value first)"),
        Arguments.of(
            "0 5-2 * * *",
            "schedule '0 5-2 * * *': hour range 5-2 is reversed (write the smaller value first)"),
        Arguments.of("0 -1 * * *", "schedule '0 -1 * * *': hour range '-1' misses a bound"),
        Arguments.of("0 1- * * *", "schedule '0 1- * * *': hour range '1-' misses a bound"),
        Arguments.of("*/0 * * * *", "schedule '*/0 * * * *': minute step 0 must be at least 1"),
        Arguments.of("*/x * * * *", "schedule '*/x * * * *': minute step 'x' is not a number"),
        Arguments.of("*/ * * * *", "schedule '*/ * * * *': minute step '' is not a number"),
        Arguments.of(
            "5/15 * * * *",
            "schedule '5/15 * * * *': minute step '5/15' needs a range or '*', e.g. '5-59/15'"),
        Arguments.of(
            "1,,2 * * * *", "schedule '1,,2 * * * *': minute '1,,2' has an empty list item"),
        Arguments.of(
            "0 0 1, * *", "schedule '0 0 1, * *': day-of-month '1,' has an empty list item"),
        Arguments.of(
            "0 0 30 2 *",
            "schedule '0 0 30 2 *': day-of-month never occurs in the chosen month(s)"),
        Arguments.of(
            "0 0 31 APR,JUN *",
            "schedule '0 0 31 APR,JUN *': day-of-month never occurs in the chosen month(s)"),
        Arguments.of(
            "@reboot",
            "schedule '@reboot': unknown macro '@reboot' (use @yearly, @annually, @monthly,"
                + " @weekly, @daily, @midnight or @hourly)"),
        Arguments.of(
            "CRON_TZ=Asia/Jakarta 0 3 * * *",
            "schedule 'CRON_TZ=Asia/Jakarta 0 3 * * *': set the time zone in the policy's"
                + " timeZone, not in the schedule"));
  }

  @Test
  void february29IsAcceptedThoughMostYearsLackIt() throws Exception {
    assertTrue(CronExpression.parse("0 0 29 2 *").matchesDate(LocalDate.of(2028, 2, 29)));
  }

  @Test
  void unknownTimeZonesAreRejected() {
    InvalidScheduleException e =
        assertThrows(
            InvalidScheduleException.class, () -> Schedule.parse("0 2 * * *", "Mars/Olympus"));
    assertEquals(
        "timeZone 'Mars/Olympus': not an IANA time zone (e.g. Europe/Berlin, Asia/Jakarta)",
        e.getMessage());
  }

  @Test
  void fixedOffsetsAreNotTimeZones() {
    assertThrows(InvalidScheduleException.class, () -> Schedule.parse("0 2 * * *", "+07:00"));
  }

  @Test
  void aMissingTimeZoneMeansUtc() throws Exception {
    assertEquals("UTC", Schedule.parse("0 2 * * *", null).zone().getId());
  }

  private static List<Integer> minutes(CronExpression cron) {
    return IntStream.range(0, 60).filter(cron::matchesMinute).boxed().toList();
  }

  private static List<Integer> hours(CronExpression cron) {
    return IntStream.range(0, 24).filter(cron::matchesHour).boxed().toList();
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  private static List<Instant> firstSlots(CronExpression cron) {
    Schedule schedule = new Schedule(cron, ZoneOffset.UTC);
    List<Instant> slots = new ArrayList<>();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      t = schedule.nextAfter(t).orElseThrow();
      slots.add(t);
    }
    return slots;
  }
}
