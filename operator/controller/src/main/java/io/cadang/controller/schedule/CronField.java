package io.cadang.controller.schedule;

import java.util.List;
import java.util.Locale;

/** One of the five cron fields: its bounds, optional names and the parser for its syntax. */
enum CronField {
  MINUTE("minute", 0, 59, List.of(), 0),
  HOUR("hour", 0, 23, List.of(), 0),
  DAY_OF_MONTH("day-of-month", 1, 31, List.of(), 0),
  MONTH(
      "month",
      1,
      12,
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
      1),
  /** 0 and 7 both mean Sunday; {@link #parse} folds 7 onto 0. */
  DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), 0);

  private final String label;
  private final int min;
  private final int max;
  private final List<String> names;
  private final int firstNameValue;

  CronField(String label, int min, int max, List<String> names, int firstNameValue) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.names = names;
    this.firstNameValue = firstNameValue;
  }

  String label() {
    return label;
  }

  /** Returns the allowed values as a bit set: bit {@code v} is set when value {@code v} matches. */
  long parse(String text, String schedule) throws InvalidScheduleException {
    long bits = 0;
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        throw InvalidScheduleException.of(
            schedule, label + " '" + text + "' has an empty list item");
      }
      bits |= parsePart(part, schedule);
    }
    if (this == DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
      bits = (bits & ~(1L << 7)) | 1L;
    }
    return bits;
  }

  private long parsePart(String part, String schedule) throws InvalidScheduleException {
    String range = part;
    int step = 1;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      step = parseStep(part.substring(slash + 1), schedule);
    }
    int low;
    int high;
    int dash = range.indexOf('-');
    if (range.equals("*")) {
      low = min;
      high = max;
    } else if (dash >= 0) {
      low = value(range.substring(0, dash), range, schedule);
      high = value(range.substring(dash + 1), range, schedule);
      if (low > high) {
        throw InvalidScheduleException.of(
            schedule, label + " range " + range + " is reversed (write the smaller value first)");
      }
    } else {
      // "5/15" means "5-max/15" in some crons and "5" in others; refusing it avoids guessing.
      if (slash >= 0) {
        throw InvalidScheduleException.of(
            schedule,
            label
                + " step '"
                + part
                + "' needs a range or '*', e.g. '"
                + range
                + "-"
                + max
                + part.substring(slash)
                + "'");
      }
      low = value(range, range, schedule);
      high = low;
    }
    long bits = 0;
    for (int v = low; v <= high; v += step) {
      bits |= 1L << v;
    }
    return bits;
  }

  private int parseStep(String text, String schedule) throws InvalidScheduleException {
    if (!isDigits(text)) {
      throw InvalidScheduleException.of(schedule, label + " step '" + text + "' is not a number");
    }
    int step = text.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(text);
    if (step < 1) {
      throw InvalidScheduleException.of(schedule, label + " step 0 must be at least 1");
    }
    return step;
  }

  private int value(String text, String range, String schedule) throws InvalidScheduleException {
    if (text.isEmpty()) {
      throw InvalidScheduleException.of(schedule, label + " range '" + range + "' misses a bound");
    }
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + firstNameValue;
    }
    if (!isDigits(text)) {
      String expected =
          names.isEmpty()
              ? "a number"
              : "a number or a name " + names.get(0) + "-" + names.get(names.size() - 1);
      throw InvalidScheduleException.of(schedule, label + " '" + text + "' is not " + expected);
    }
    int value = text.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(text);
    if (value < min || value > max) {
      throw InvalidScheduleException.of(
          schedule, label + " " + text + " is out of range " + min + "-" + max);
    }
    return value;
  }

  private static boolean isDigits(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
