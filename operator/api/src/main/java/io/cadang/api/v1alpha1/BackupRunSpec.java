package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** One execution of a policy's backup. Immutable: to back up again, create a new BackupRun. */
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable; create a new BackupRun instead")
@ValidationRule(
    value = "!has(self.trigger) || self.trigger != 'Scheduled' || has(self.scheduledTime)",
    message = "a Scheduled run needs scheduledTime")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupRunSpec {

  @JsonPropertyDescription("The policy whose source, storage and encryption this run uses.")
  @Required
  private PolicyReference policyRef;

  @JsonPropertyDescription(
      "Who created the run: Scheduled (the operator, at a schedule slot) or Manual (a user, for an on-demand backup).")
  @Default("Manual")
  private BackupTrigger trigger = BackupTrigger.MANUAL;

  @JsonPropertyDescription(
      "The schedule slot this run is for (RFC 3339); set by the operator for Scheduled runs.")
  @Pattern(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
  @Size(max = 64)
  private String scheduledTime;

  public PolicyReference getPolicyRef() {
    return policyRef;
  }

  public void setPolicyRef(PolicyReference policyRef) {
    this.policyRef = policyRef;
  }

  public BackupTrigger getTrigger() {
    return trigger;
  }

  public void setTrigger(BackupTrigger trigger) {
    this.trigger = trigger;
  }

  public String getScheduledTime() {
    return scheduledTime;
  }

  public void setScheduledTime(String scheduledTime) {
    this.scheduledTime = scheduledTime;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BackupRunSpec)) {
      return false;
    }
    BackupRunSpec that = (BackupRunSpec) o;
    return Objects.equals(policyRef, that.policyRef)
        && Objects.equals(trigger, that.trigger)
        && Objects.equals(scheduledTime, that.scheduledTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policyRef, trigger, scheduledTime);
  }
}
