package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** State of one step of a restore. */
public enum StepState {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Succeeded")
  SUCCEEDED,
  @JsonProperty("Failed")
  FAILED,
  /** Not needed for this restore, e.g. Quiesce without {@code spec.quiesce}. */
  @JsonProperty("Skipped")
  SKIPPED
}
