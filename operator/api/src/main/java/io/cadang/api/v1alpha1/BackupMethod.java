package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a policy backs databases up. Only logical backups exist today; {@code Physical}
 * (pg_basebackup + WAL, for point-in-time recovery) will be added as a new constant, so the field
 * already exists and defaults to {@code Logical}.
 */
public enum BackupMethod {
  /** pg_dump custom format per database, plus globals on request. */
  @JsonProperty("Logical")
  LOGICAL
}
