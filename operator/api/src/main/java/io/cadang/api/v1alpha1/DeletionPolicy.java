package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What deleting a BackupRun by hand (or by a GitOps prune) does to the backup's data. */
public enum DeletionPolicy {
  /**
   * The data stays in every repository; only the object goes, and the next repository sync imports
   * the backup again. Deleting data then takes the annotation {@code cadang.io/delete-data:
   * "true"}, reserved to users allowed to {@code purge} backupruns.
   */
  @JsonProperty("Retain")
  RETAIN,
  /**
   * The backup's objects are deleted with the run: from the primary at once, from the replicas
   * after storage.replicaDeletionDelay.
   */
  @JsonProperty("Delete")
  DELETE
}
