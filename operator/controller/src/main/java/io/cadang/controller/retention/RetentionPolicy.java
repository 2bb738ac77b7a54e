package io.cadang.controller.retention;

/**
 * How many successful runs to keep, restic/borg "forget" style; a null count is not set. At least
 * one of the keep* counts must be set for anything to be deleted.
 *
 * @param keepLast the newest N successes
 * @param keepDaily the newest success of each of the N most recent days that have one
 * @param keepWeekly the same per ISO week (Monday to Sunday)
 * @param keepMonthly the same per calendar month
 * @param keepYearly the same per calendar year
 * @param keepFailed how many of the newest failed runs stay for diagnosis
 * @param oldestPerPeriod true when the first success of a day/week/month/year represents it instead
 *     of its newest (spec.retention.calendarPick: Oldest)
 */
public record RetentionPolicy(
    Integer keepLast,
    Integer keepDaily,
    Integer keepWeekly,
    Integer keepMonthly,
    Integer keepYearly,
    int keepFailed,
    boolean oldestPerPeriod) {
  public static final int DEFAULT_KEEP_FAILED = 3;

  /** The periods are represented by their newest success (the default). */
  public RetentionPolicy(
      Integer keepLast,
      Integer keepDaily,
      Integer keepWeekly,
      Integer keepMonthly,
      Integer keepYearly,
      int keepFailed) {
    this(keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly, keepFailed, false);
  }

  public RetentionPolicy {
    requireNotNegative("keepLast", keepLast);
    requireNotNegative("keepDaily", keepDaily);
    requireNotNegative("keepWeekly", keepWeekly);
    requireNotNegative("keepMonthly", keepMonthly);
    requireNotNegative("keepYearly", keepYearly);
    requireNotNegative("keepFailed", keepFailed);
  }

  /** Seed 000: daily for two weeks, weekly for a month, monthly for a year. */
  public static RetentionPolicy calendar(Integer daily, Integer weekly, Integer monthly) {
    return new RetentionPolicy(null, daily, weekly, monthly, null, DEFAULT_KEEP_FAILED);
  }

  /** True when some keep* count is set; without one, retention deletes nothing. */
  public boolean anyKeepSet() {
    return keepLast != null
        || keepDaily != null
        || keepWeekly != null
        || keepMonthly != null
        || keepYearly != null;
  }

  private static void requireNotNegative(String field, Integer value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
  }
}
