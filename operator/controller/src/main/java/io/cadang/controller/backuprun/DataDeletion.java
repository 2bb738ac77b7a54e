package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.CadangApi;
import io.cadang.api.v1alpha1.DeletionPolicy;
import java.util.Map;

/**
 * Whether deleting a BackupRun deletes its backup's data, as a pure function of the run and its
 * policy. Data goes only on purpose: retention's mark, an admin's {@code cadang.io/delete-data:
 * "true"}, or a policy whose deletionPolicy is Delete. A run deleted by hand or by a GitOps prune
 * under the default Retain keeps its data, and the next repository sync imports it again; deleting
 * a policy never deletes data.
 *
 * @param delete whether the objects go
 * @param why one line for the Event saying what happened to the data
 */
record DataDeletion(boolean delete, String why) {

  static DataDeletion of(BackupRun run, BackupPolicy policy) {
    String backupId = run.getStatus() == null ? null : run.getStatus().getBackupId();
    Map<String, String> annotations = run.getMetadata().getAnnotations();
    String mark = annotations == null ? null : annotations.get(CadangApi.DELETE_DATA_ANNOTATION);
    if (policy == null || policy.getMetadata().getDeletionTimestamp() != null) {
      return new DataDeletion(
          false,
          "BackupPolicy '"
              + run.getSpec().getPolicyRef().getName()
              + "' is being deleted or gone: backup "
              + backupId
              + " stays in the repository");
    }
    if (CadangApi.DELETE_DATA_BY_RETENTION.equals(mark)) {
      return new DataDeletion(true, "retention deletes backup " + backupId);
    }
    if ("true".equals(mark)) {
      return new DataDeletion(
          true,
          "backup " + backupId + " is deleted: " + CadangApi.DELETE_DATA_ANNOTATION + "=true");
    }
    if (policy.getSpec().getDeletionPolicy() == DeletionPolicy.DELETE) {
      return new DataDeletion(true, "backup " + backupId + " is deleted: deletionPolicy Delete");
    }
    return new DataDeletion(
        false,
        "backup "
            + backupId
            + " stays in the repository (deletionPolicy Retain) and is imported again at the next"
            + " sync; to delete its data, annotate the run "
            + CadangApi.DELETE_DATA_ANNOTATION
            + "=true before deleting it");
  }
}
