package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * S3 Object Lock for every object written to a repository: each object carries its own retain-until
 * date, so not even the credentials that wrote it can delete or overwrite it before.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectLock {

  @JsonPropertyDescription(
      "Governance (an identity granted s3:BypassGovernanceRetention may still delete) or Compliance (nobody may, not even the account's root user, until the date passes).")
  @Required
  private ObjectLockMode mode;

  @JsonPropertyDescription(
      "How long each object stays locked after it is written, e.g. 35d or 720h. Empty: derived from the retention rules, the longest time retention could keep a backup (keepDaily N: N days, keepWeekly N: 7N, keepMonthly N: 31N, keepYearly N: 366N) plus margin; required when retention has only keepLast.")
  @Pattern("^[1-9][0-9]{0,5}(s|m|h|d)$")
  private String retainFor;

  @JsonPropertyDescription(
      "Added to the derived lock period so a backup is still locked on the day retention deletes it (e.g. 1d). Ignored when retainFor is set.")
  @Default("1d")
  @Pattern("^[0-9]{1,6}(s|m|h|d)$")
  private String margin = "1d";

  public ObjectLockMode getMode() {
    return mode;
  }

  public void setMode(ObjectLockMode mode) {
    this.mode = mode;
  }

  public String getRetainFor() {
    return retainFor;
  }

  public void setRetainFor(String retainFor) {
    this.retainFor = retainFor;
  }

  public String getMargin() {
    return margin;
  }

  public void setMargin(String margin) {
    this.margin = margin;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ObjectLock that)) {
      return false;
    }
    return mode == that.mode
        && Objects.equals(retainFor, that.retainFor)
        && Objects.equals(margin, that.margin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, retainFor, margin);
  }
}
