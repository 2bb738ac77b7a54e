package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupLogStatus;
import io.cadang.api.v1alpha1.ConfigsSummary;
import io.cadang.api.v1alpha1.FilesSummary;
import io.cadang.api.v1alpha1.ReplicaStatus;
import io.cadang.api.v1alpha1.ReplicationState;
import io.cadang.controller.jobs.AgentResult;
import java.util.List;

/** The parts of a backup's result that go into BackupRun status as they are, as pure mappings. */
final class AgentSummaries {
  private AgentSummaries() {}

  static FilesSummary files(AgentResult.Files files) {
    if (files == null) {
      return null;
    }
    FilesSummary s = new FilesSummary();
    s.setEntries(files.entries());
    s.setRegularFiles(files.regularFiles());
    s.setBytes(files.bytes());
    s.setChangedCount(files.changedCount());
    s.setChanged(files.changed() == null || files.changed().isEmpty() ? null : files.changed());
    return s;
  }

  static ConfigsSummary configs(AgentResult.Configs configs) {
    if (configs == null) {
      return null;
    }
    ConfigsSummary s = new ConfigsSummary();
    s.setObjects(configs.objects());
    s.setSecrets(configs.secrets());
    if (configs.git() != null) {
      s.setGitUrl(configs.git().url());
      s.setGitBranch(configs.git().branch());
      s.setGitCommit(configs.git().commit());
      s.setGitPushed(configs.git().pushed());
    }
    return s;
  }

  static BackupLogStatus backupLog(AgentResult.BackupLogOutcome log) {
    if (log == null) {
      return null;
    }
    BackupLogStatus s = new BackupLogStatus();
    s.setWritten(Boolean.TRUE.equals(log.written()));
    s.setMessage(log.error());
    return s;
  }

  static List<ReplicaStatus> replication(List<AgentResult.Replica> replicas) {
    return replicas.stream()
        .map(
            r -> {
              ReplicaStatus s = new ReplicaStatus();
              s.setRepository(r.name());
              s.setState(r.replicated() ? ReplicationState.REPLICATED : ReplicationState.FAILED);
              s.setMessage(r.message());
              s.setObjects(r.objects());
              s.setBytes(r.bytes());
              return s;
            })
        .toList();
  }

  /** "copied to dr (12 objects); copy to eu2 failed: ..." for the Replicated condition. */
  static String replicationMessage(List<AgentResult.Replica> replicas) {
    return String.join(
        "; ",
        replicas.stream()
            .map(
                r ->
                    r.replicated()
                        ? "copied to " + r.name() + " (" + r.objects() + " objects)"
                        : "copy to "
                            + r.name()
                            + " failed"
                            + (r.message() == null ? "" : ": " + r.message()))
            .toList());
  }
}
