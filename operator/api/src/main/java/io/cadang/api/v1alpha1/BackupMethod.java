package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a policy backs databases up: logical dumps per database, or physical base backups of the
 * whole cluster which, together with streamed WAL ({@code spec.pitr}), allow point-in-time
 * recovery.
 */
public enum BackupMethod {
  /** pg_dump custom format per database, plus globals on request. */
  @JsonProperty("Logical")
  LOGICAL,
  /** pg_basebackup of the whole cluster; with spec.pitr, WAL is streamed too. */
  @JsonProperty("Physical")
  PHYSICAL
}
