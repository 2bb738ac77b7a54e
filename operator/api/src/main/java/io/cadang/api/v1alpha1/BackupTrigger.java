package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who created a BackupRun. */
public enum BackupTrigger {
  /** The operator, at a schedule slot of the policy. */
  @JsonProperty("Scheduled")
  SCHEDULED,
  /** A user (or a pipeline), for an on-demand backup. */
  @JsonProperty("Manual")
  MANUAL,
  /**
   * The operator, for a backup it found in a repository with no BackupRun in the cluster (a new
   * cluster, a re-created policy, a run deleted while its data was kept). Such a run never starts a
   * Job: its status is written from the backup's manifest.
   */
  @JsonProperty("Imported")
  IMPORTED
}
