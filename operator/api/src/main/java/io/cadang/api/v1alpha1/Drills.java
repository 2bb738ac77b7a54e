package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * Restore drills on a schedule: each slot creates a RestoreRequest with mode Drill from the
 * policy's newest successful backup (a physical one with pitr recovers to the latest point), into a
 * throwaway server in the drill's own pod unless a target is named.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Drills {

  @JsonPropertyDescription(
      "Cron expression in the policy's time zone, e.g. \"0 3 1 */6 *\" (03:00 on the first of every sixth month).")
  @Required
  private String schedule;

  @JsonPropertyDescription("True: no drills are created.")
  @Default("false")
  private Boolean suspend = false;

  @JsonPropertyDescription(
      "Where each drill restores, as in a RestoreRequest. Default: scratch, a throwaway PostgreSQL inside the drill Job's own pod (no spare server needed). Or a database (with createDatabase, a new, empty scratch database; overwrite is refused; sourceDatabase picks one database) or a dataDirectory claim for physical backups. Never the production database.")
  private RestoreTarget target;

  @JsonPropertyDescription(
      "How many finished drill RestoreRequests to keep as a record; older ones are deleted.")
  @Default("5")
  @Min(1)
  private Integer keep = 5;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public RestoreTarget getTarget() {
    return target;
  }

  public void setTarget(RestoreTarget target) {
    this.target = target;
  }

  public Integer getKeep() {
    return keep;
  }

  public void setKeep(Integer keep) {
    this.keep = keep;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Drills that)) {
      return false;
    }
    return Objects.equals(schedule, that.schedule)
        && Objects.equals(suspend, that.suspend)
        && Objects.equals(target, that.target)
        && Objects.equals(keep, that.keep);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schedule, suspend, target, keep);
  }
}
