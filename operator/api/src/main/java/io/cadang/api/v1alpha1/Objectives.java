package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/** The recovery objectives a policy promises, checked in its status (RPOMet, RTOMet). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Objectives {

  @JsonPropertyDescription(
      "Recovery point objective, e.g. 5m: the most data a loss may cost. RPOMet compares it with the WAL archive's lag (pitr) or the age of the newest successful backup.")
  @Pattern("^[1-9][0-9]{0,5}(s|m|h|d)$")
  private String rpo;

  @JsonPropertyDescription(
      "Recovery time objective, e.g. 2h: the longest a restore may take. RTOMet compares it with the newest drill's measured time from start to verified.")
  @Pattern("^[1-9][0-9]{0,5}(s|m|h|d)$")
  private String rto;

  public String getRpo() {
    return rpo;
  }

  public void setRpo(String rpo) {
    this.rpo = rpo;
  }

  public String getRto() {
    return rto;
  }

  public void setRto(String rto) {
    this.rto = rto;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Objectives that)) {
      return false;
    }
    return Objects.equals(rpo, that.rpo) && Objects.equals(rto, that.rto);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rpo, rto);
  }
}
