package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** One restore, or a restore drill. Immutable: to restore again, create a new RestoreRequest. */
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable; create a new RestoreRequest instead")
@ValidationRule(
    value = "!has(self.mode) || self.mode != 'Drill' || !has(self.quiesce)",
    message = "a Drill never quiesces applications")
@ValidationRule(
    value = "!has(self.target.scratch) || (has(self.mode) && self.mode == 'Drill')",
    message = "target.scratch is a throwaway server for drills: set mode: Drill")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreRequestSpec {

  @JsonPropertyDescription("What to restore.")
  @Required
  private RestoreSource source;

  @JsonPropertyDescription("Where to restore to.")
  @Required
  private RestoreTarget target;

  @JsonPropertyDescription(
      "After pg_restore, compare every table's row count with the counts recorded at backup time; a difference fails the restore.")
  @Default("true")
  private Boolean verify = true;

  @JsonPropertyDescription(
      "Also apply roles and tablespaces from the backup (needs a backup taken with globals: true); the connecting role is left alone.")
  @Default("false")
  private Boolean globals = false;

  @JsonPropertyDescription("Applications to scale to zero during the restore.")
  private Quiesce quiesce;

  @JsonPropertyDescription(
      "Restore, or Drill: a rehearsal into a scratch database that proves the backup restores and measures the time it takes (RTO).")
  @Default("Restore")
  private RestoreMode mode = RestoreMode.RESTORE;

  @JsonPropertyDescription("Parallel pg_restore jobs.")
  @Min(1)
  @Max(64)
  @Default("2")
  private Integer jobs = 2;

  public RestoreSource getSource() {
    return source;
  }

  public void setSource(RestoreSource source) {
    this.source = source;
  }

  public RestoreTarget getTarget() {
    return target;
  }

  public void setTarget(RestoreTarget target) {
    this.target = target;
  }

  public Boolean getVerify() {
    return verify;
  }

  public void setVerify(Boolean verify) {
    this.verify = verify;
  }

  public Boolean getGlobals() {
    return globals;
  }

  public void setGlobals(Boolean globals) {
    this.globals = globals;
  }

  public Quiesce getQuiesce() {
    return quiesce;
  }

  public void setQuiesce(Quiesce quiesce) {
    this.quiesce = quiesce;
  }

  public RestoreMode getMode() {
    return mode;
  }

  public void setMode(RestoreMode mode) {
    this.mode = mode;
  }

  public Integer getJobs() {
    return jobs;
  }

  public void setJobs(Integer jobs) {
    this.jobs = jobs;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RestoreRequestSpec)) {
      return false;
    }
    RestoreRequestSpec that = (RestoreRequestSpec) o;
    return Objects.equals(source, that.source)
        && Objects.equals(target, that.target)
        && Objects.equals(verify, that.verify)
        && Objects.equals(globals, that.globals)
        && Objects.equals(quiesce, that.quiesce)
        && Objects.equals(mode, that.mode)
        && Objects.equals(jobs, that.jobs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, target, verify, globals, quiesce, mode, jobs);
  }
}
