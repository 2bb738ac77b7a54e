package io.cadang.controller.sync;

import java.util.List;

/**
 * What one pass over a policy's repositories found.
 *
 * @param complete ids of complete backups (manifest present), known to the cluster or not
 * @param found complete backups the cluster has no BackupRun for, newest first
 * @param refused backups that are not imported, each with why
 * @param problems repositories that could not be read or belong to another policy, each a line
 * @param foreign true when a repository was refused for belonging to another policy
 */
public record ScanResult(
    int complete,
    List<ImportedBackup> found,
    List<Refusal> refused,
    List<String> problems,
    boolean foreign) {

  /** A backup not imported, named with the repository and why. */
  public record Refusal(String backupId, String repository, String reason) {
    public String line() {
      return backupId + ": " + reason + " (repository " + repository + ")";
    }
  }
}
