package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which successful backup stands for a day, week, month or year under keepDaily..keepYearly. */
public enum CalendarPick {
  /** The period's newest backup (restic/borg style): a month is represented by its last backup. */
  @JsonProperty("Newest")
  NEWEST,
  /**
   * The period's first backup, e.g. seed 000's "monthly (first of the month)"; it never changes.
   */
  @JsonProperty("Oldest")
  OLDEST
}
