package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.ConfigsRestoreStatus;
import io.cadang.api.v1alpha1.FileMismatch;
import io.cadang.api.v1alpha1.FilesRestoreStatus;
import io.cadang.api.v1alpha1.RestorePhasesStatus;
import io.cadang.controller.jobs.AgentResult;

/** Files and configs restore results as status and one-line messages. Pure. */
final class RestoreSummaries {
  private RestoreSummaries() {}

  static FilesRestoreStatus files(AgentResult result) {
    FilesRestoreStatus s = new FilesRestoreStatus();
    s.setFilesRestored(result.filesRestored());
    s.setFilesVerified(result.filesVerified());
    if (result.hasFileMismatches()) {
      s.setMismatches(
          result.fileMismatchList().stream()
              .map(
                  m -> {
                    FileMismatch f = new FileMismatch();
                    f.setPath(m.path());
                    f.setProblem(m.problem());
                    return f;
                  })
              .toList());
    }
    return s;
  }

  static String fileMismatchMessage(AgentResult result) {
    var mismatches = result.fileMismatchList();
    if (mismatches.isEmpty()) {
      return "the agent reported the restored files as not verified";
    }
    var first = mismatches.get(0);
    return mismatches.size()
        + " restored file(s) differ from the backup, e.g. "
        + first.path()
        + ": "
        + first.problem();
  }

  static ConfigsRestoreStatus configs(AgentResult result) {
    AgentResult.Configs c = result.configs();
    ConfigsRestoreStatus s = new ConfigsRestoreStatus();
    s.setCreated(c.created());
    s.setChanged(c.changed());
    s.setUnchanged(c.unchanged());
    s.setApplied(c.applied());
    s.setChanges(c.changes() == null || c.changes().isEmpty() ? null : c.changes());
    return s;
  }

  static String configsMessage(AgentResult result) {
    AgentResult.Configs c = result.configs();
    String counts =
        c.created() + " created, " + c.changed() + " changed, " + c.unchanged() + " unchanged";
    return Boolean.TRUE.equals(c.applied())
        ? "applied: " + counts
        : "dry-run only, nothing applied: " + counts;
  }

  /** The agent's phase timings as status.phases; null when it reported none. */
  static RestorePhasesStatus phases(AgentResult result) {
    if (result == null || result.phases() == null) {
      return null;
    }
    RestorePhasesStatus p = new RestorePhasesStatus();
    p.setDownloadSeconds(result.phases().downloadSeconds());
    p.setRestoreSeconds(result.phases().restoreSeconds());
    p.setVerifySeconds(result.phases().verifySeconds());
    return p;
  }
}
