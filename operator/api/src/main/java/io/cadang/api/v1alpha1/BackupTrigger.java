package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who created a BackupRun. */
public enum BackupTrigger {
  /** The operator, at a schedule slot of the policy. */
  @JsonProperty("Scheduled")
  SCHEDULED,
  /** A user (or a pipeline), for an on-demand backup. */
  @JsonProperty("Manual")
  MANUAL
}
