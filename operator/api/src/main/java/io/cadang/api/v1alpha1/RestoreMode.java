package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a RestoreRequest is for. */
public enum RestoreMode {
  /** Bring data back into the target. */
  @JsonProperty("Restore")
  RESTORE,
  /** A rehearsal into a scratch database: proves the backup restores and measures the RTO. */
  @JsonProperty("Drill")
  DRILL
}
