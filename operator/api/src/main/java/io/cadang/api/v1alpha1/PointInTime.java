package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * A recovery target: exactly one of time, lsn or latest: true. time and lsn need a policy with
 * method Physical (base backups + WAL); a logical restore accepts only latest.
 */
@ValidationRule(
    value =
        "(has(self.time) ? 1 : 0) + (has(self.lsn) ? 1 : 0) + ((has(self.latest) && self.latest) ? 1 : 0) == 1",
    message = "set exactly one of time, lsn or latest: true")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PointInTime {

  @JsonPropertyDescription(
      "Recover up to this moment (RFC 3339), e.g. just before a table was dropped.")
  @Pattern(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
  @Size(max = 64)
  private String time;

  @JsonPropertyDescription("Recover up to this WAL position, e.g. 0/3000060.")
  @Pattern("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")
  @Size(max = 17)
  private String lsn;

  @JsonPropertyDescription("Recover to the newest point available.")
  private Boolean latest;

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getLsn() {
    return lsn;
  }

  public void setLsn(String lsn) {
    this.lsn = lsn;
  }

  public Boolean getLatest() {
    return latest;
  }

  public void setLatest(Boolean latest) {
    this.latest = latest;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PointInTime)) {
      return false;
    }
    PointInTime that = (PointInTime) o;
    return Objects.equals(time, that.time)
        && Objects.equals(lsn, that.lsn)
        && Objects.equals(latest, that.latest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(time, lsn, latest);
  }
}
