package io.cadang.controller.schedule;

import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron expression: minute, hour, day-of-month, month, day-of-week.
 *
 * <p>Supports {@code *}, lists {@code a,b}, ranges {@code a-b}, steps <code>&#42;/n</code> and
 * {@code a-b/n}, names JAN-DEC and SUN-SAT (any case), day-of-week 0-7 with 0 and 7 both Sunday,
 * and the macros {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}.
 *
 * <p>Day matching follows vixie cron: when both day-of-month and day-of-week are restricted, a day
 * matches if either does ({@code 0 0 1 * MON} is "the 1st and every Monday"). A field counts as
 * unrestricted only when it is exactly {@code *}; <code>&#42;/2</code> is a restriction, as in the
 * parser Kubernetes CronJobs use.
 *
 * <p>Values are kept as bit sets so matching is a shift and a mask.
 */
public final class CronExpression {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private final String text;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;

  private CronExpression(String text, String[] fields) throws InvalidScheduleException {
    this.text = text;
    this.minutes = CronField.MINUTE.parse(fields[0], text);
    this.hours = CronField.HOUR.parse(fields[1], text);
    this.daysOfMonth = CronField.DAY_OF_MONTH.parse(fields[2], text);
    this.months = CronField.MONTH.parse(fields[3], text);
    this.daysOfWeek = CronField.DAY_OF_WEEK.parse(fields[4], text);
    this.dayOfMonthRestricted = !fields[2].equals("*");
    this.dayOfWeekRestricted = !fields[4].equals("*");
    requireSomeRealDate();
  }

  /**
   * Parses {@code text}.
   *
   * @throws InvalidScheduleException with a one-line message naming the field and the problem
   */
  public static CronExpression parse(String text) throws InvalidScheduleException {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.startsWith("@")) {
      String expansion = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
      if (expansion == null) {
        throw InvalidScheduleException.of(
            trimmed,
            "unknown macro '"
                + trimmed
                + "' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
      }
      return new CronExpression(trimmed, expansion.split(" "));
    }
    if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
      throw InvalidScheduleException.of(
          trimmed, "set the time zone in the policy's timeZone, not in the schedule");
    }
    String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    if (fields.length != 5) {
      throw InvalidScheduleException.of(trimmed, "expected 5 fields, found " + fields.length);
    }
    return new CronExpression(trimmed, fields);
  }

  /** True when a backup may run on {@code date} (month, day-of-month and day-of-week agree). */
  public boolean matchesDate(LocalDate date) {
    if (!has(months, date.getMonthValue())) {
      return false;
    }
    boolean dom = has(daysOfMonth, date.getDayOfMonth());
    boolean dow = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  boolean matchesHour(int hour) {
    return has(hours, hour);
  }

  boolean matchesMinute(int minute) {
    return has(minutes, minute);
  }

  /** The expression as written (a macro stays a macro). */
  @Override
  public String toString() {
    return text;
  }

  /**
   * Refuses expressions like {@code 0 0 30 2 *} that parse but never fire: a policy that silently
   * never backs up is worse than a spec error.
   */
  private void requireSomeRealDate() throws InvalidScheduleException {
    if (dayOfWeekRestricted) {
      return;
    }
    for (Month month : Month.values()) {
      for (int day = 1; day <= month.maxLength(); day++) {
        if (has(months, month.getValue()) && has(daysOfMonth, day)) {
          return;
        }
      }
    }
    throw InvalidScheduleException.of(text, "day-of-month never occurs in the chosen month(s)");
  }

  private static boolean has(long bits, int value) {
    return (bits & (1L << value)) != 0;
  }
}
