package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Which successful backups to keep, evaluated in the policy's time zone; a backup kept by any rule
 * is kept. The newest successful backup and any backup a RestoreRequest uses are never deleted.
 * Deleting a backup removes its objects from the primary, and from the replicas after
 * storage.replicaDeletionDelay; a backup under Object Lock waits for its retain-until date.
 */
@ValidationRule(
    value =
        "has(self.keepLast) || has(self.keepDaily) || has(self.keepWeekly) || has(self.keepMonthly) || has(self.keepYearly)",
    message = "set at least one of keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Retention {

  @JsonPropertyDescription("Keep the newest N successful backups.")
  @Min(0)
  private Integer keepLast;

  @JsonPropertyDescription(
      "Keep one successful backup (see calendarPick) of each of the last N days that have one.")
  @Min(0)
  private Integer keepDaily;

  @JsonPropertyDescription(
      "Keep one successful backup (see calendarPick) of each of the last N ISO weeks that have one.")
  @Min(0)
  private Integer keepWeekly;

  @JsonPropertyDescription(
      "Keep one successful backup (see calendarPick) of each of the last N months that have one.")
  @Min(0)
  private Integer keepMonthly;

  @JsonPropertyDescription(
      "Keep one successful backup (see calendarPick) of each of the last N years that have one.")
  @Min(0)
  private Integer keepYearly;

  @JsonPropertyDescription(
      "Which backup represents a day, week, month or year for keepDaily..keepYearly: Newest (the"
          + " default, restic style: the month's last backup) or Oldest (the first backup of the"
          + " period, e.g. 'monthly, first of the month'; it stays the same as the period goes on).")
  @Default("Newest")
  private CalendarPick calendarPick = CalendarPick.NEWEST;

  @JsonPropertyDescription(
      "Keep the newest N failed BackupRuns, for diagnosis; older failed runs are deleted.")
  @Min(0)
  @Default("3")
  private Integer keepFailed = 3;

  public Integer getKeepLast() {
    return keepLast;
  }

  public void setKeepLast(Integer keepLast) {
    this.keepLast = keepLast;
  }

  public Integer getKeepDaily() {
    return keepDaily;
  }

  public void setKeepDaily(Integer keepDaily) {
    this.keepDaily = keepDaily;
  }

  public Integer getKeepWeekly() {
    return keepWeekly;
  }

  public void setKeepWeekly(Integer keepWeekly) {
    this.keepWeekly = keepWeekly;
  }

  public CalendarPick getCalendarPick() {
    return calendarPick;
  }

  public void setCalendarPick(CalendarPick calendarPick) {
    this.calendarPick = calendarPick;
  }

  public Integer getKeepMonthly() {
    return keepMonthly;
  }

  public void setKeepMonthly(Integer keepMonthly) {
    this.keepMonthly = keepMonthly;
  }

  public Integer getKeepYearly() {
    return keepYearly;
  }

  public void setKeepYearly(Integer keepYearly) {
    this.keepYearly = keepYearly;
  }

  public Integer getKeepFailed() {
    return keepFailed;
  }

  public void setKeepFailed(Integer keepFailed) {
    this.keepFailed = keepFailed;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Retention)) {
      return false;
    }
    Retention that = (Retention) o;
    return Objects.equals(keepLast, that.keepLast)
        && Objects.equals(keepDaily, that.keepDaily)
        && Objects.equals(keepWeekly, that.keepWeekly)
        && Objects.equals(keepMonthly, that.keepMonthly)
        && Objects.equals(keepYearly, that.keepYearly)
        && calendarPick == that.calendarPick
        && Objects.equals(keepFailed, that.keepFailed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly, calendarPick, keepFailed);
  }
}
