package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** State of the copy of one backup to one replica repository. */
public enum ReplicationState {
  /** Waiting for the backup to succeed in the primary. */
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Replicating")
  REPLICATING,
  /** Every object and the manifest are durable in the replica. */
  @JsonProperty("Replicated")
  REPLICATED,
  @JsonProperty("Failed")
  FAILED
}
