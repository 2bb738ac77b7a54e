package io.cadang.controller.retention;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.function.Function;

/** A calendar period a success can represent; the key doubles as the human-readable reason. */
enum CalendarBucket {
  DAILY("daily", date -> date.toString()),
  WEEKLY(
      "weekly",
      date ->
          String.format(
              "%d-W%02d",
              date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))),
  MONTHLY("monthly", date -> String.format("%d-%02d", date.getYear(), date.getMonthValue())),
  YEARLY("yearly", date -> Integer.toString(date.getYear()));

  private final String label;
  private final Function<LocalDate, String> key;

  CalendarBucket(String label, Function<LocalDate, String> key) {
    this.label = label;
    this.key = key;
  }

  /** E.g. "daily 2026-11-20", "weekly 2026-W47", "monthly 2026-11", "yearly 2026". */
  String reason(LocalDate date) {
    return label + " " + key.apply(date);
  }

  Integer count(RetentionPolicy policy) {
    return switch (this) {
      case DAILY -> policy.keepDaily();
      case WEEKLY -> policy.keepWeekly();
      case MONTHLY -> policy.keepMonthly();
      case YEARLY -> policy.keepYearly();
    };
  }
}
