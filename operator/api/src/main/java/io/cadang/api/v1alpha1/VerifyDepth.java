package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a logical backup records per table for restores and drills to compare. */
public enum VerifyDepth {
  /** Exact row counts, taken in the dump's own snapshot. */
  @JsonProperty("Counts")
  COUNTS,
  /** Row counts and a content checksum over every row: changed values are caught too. */
  @JsonProperty("Checksums")
  CHECKSUMS
}
