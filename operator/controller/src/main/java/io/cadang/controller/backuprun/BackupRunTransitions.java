package io.cadang.controller.backuprun;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.api.v1alpha1.Artifact;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.PostgresFacts;
import io.cadang.api.v1alpha1.VolumeSnapshotStatus;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.JobOutcome;
import io.cadang.controller.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The BackupRun state machine as pure functions: (current status, what was observed) → next status.
 * Moves the phase only forward along {@link BackupRunPhase#canMoveTo}; everything here is testable
 * without a cluster.
 */
final class BackupRunTransitions {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String VOLUME_SNAPSHOTS = "volumeSnapshots";

  private final BackupRun run;
  private final String repository;
  private final Instant now;

  /**
   * @param repository name of the policy's primary repository, recorded with each artifact
   */
  BackupRunTransitions(BackupRun run, String repository, Instant now) {
    this.run = run;
    this.repository = repository;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  BackupRunStatus jobCreated(BackupRunStatus current, String jobName) {
    BackupRunStatus next = copy(current);
    next.setPhase(BackupRunPhase.PENDING);
    next.setJobName(jobName);
    next.setStartTime(now.toString());
    next.setConditions(
        Conditions.with(
            next.getConditions(),
            ConditionType.JOB_CREATED,
            true,
            ConditionReason.JOB_CREATED,
            "created Job " + jobName,
            generation(),
            now));
    return next;
  }

  BackupRunStatus observe(BackupRunStatus current, JobOutcome outcome) {
    if (outcome instanceof JobOutcome.Pending p) {
      return pending(current, p.waiting());
    }
    if (outcome instanceof JobOutcome.Succeeded s) {
      return succeeded(current, s.result());
    }
    if (outcome instanceof JobOutcome.Failed f) {
      BackupRunStatus next = failed(current, f.reason(), f.message());
      if (f.result() != null) {
        // The agent logs failed runs too; whether that row was written is worth showing.
        next.setBackupLog(AgentSummaries.backupLog(f.result().backupLog()));
      }
      return next;
    }
    return move(current, BackupRunPhase.RUNNING);
  }

  private BackupRunStatus pending(BackupRunStatus current, String waiting) {
    BackupRunStatus next = move(current, BackupRunPhase.PENDING);
    if (waiting != null) {
      next.setConditions(
          Conditions.with(
              next.getConditions(),
              ConditionType.COMPLETE,
              false,
              ConditionReason.IMAGE_PULL_FAILED,
              "agent pod waiting: " + waiting,
              generation(),
              now));
    }
    return next;
  }

  BackupRunStatus failed(BackupRunStatus current, ConditionReason reason, String message) {
    BackupRunStatus next = move(current, BackupRunPhase.FAILED);
    finish(next);
    next.setFailureReason(reason.value());
    next.setFailureMessage(message);
    next.setConditions(
        Conditions.with(
            next.getConditions(),
            ConditionType.COMPLETE,
            false,
            reason,
            message,
            generation(),
            now));
    next.setConditions(
        Conditions.with(
            next.getConditions(), ConditionType.FAILED, true, reason, message, generation(), now));
    return next;
  }

  private BackupRunStatus succeeded(BackupRunStatus current, AgentResult result) {
    if (result == null || result.backupId() == null) {
      // A Job that "completed" without the agent's report cannot be trusted as a backup.
      return failed(
          current,
          ConditionReason.AGENT_ERROR,
          "the agent finished without reporting a result (no termination message)");
    }
    BackupRunStatus next = move(current, BackupRunPhase.SUCCEEDED);
    finish(next);
    next.setBackupId(result.backupId());
    next.setTotalBytes(result.rawBytes());
    next.setStoredBytes(result.storedBytes());
    next.setKeyId(result.keyId());
    next.setKeyVersion(result.keyVersion());
    next.setKind(kindOf(result));
    if (result.serverVersion() != null || result.physical() != null) {
      PostgresFacts facts = new PostgresFacts();
      facts.setServerVersion(result.serverVersion());
      if (result.physical() != null) {
        facts.setStartLsn(result.physical().startLsn());
        facts.setStopLsn(result.physical().stopLsn());
        facts.setTimeline(result.physical().timeline());
        facts.setSystemIdentifier(result.physical().systemIdentifier());
      }
      next.setPostgres(facts);
    }
    next.setFiles(AgentSummaries.files(result.files()));
    next.setConfigs(AgentSummaries.configs(result.configs()));
    next.setWarnings(
        result.warnings() == null || result.warnings().isEmpty() ? null : result.warnings());
    next.setBackupLog(AgentSummaries.backupLog(result.backupLog()));
    if (!result.replicaList().isEmpty()) {
      next.setReplication(AgentSummaries.replication(result.replicaList()));
      boolean all = result.replicaList().stream().allMatch(AgentResult.Replica::replicated);
      next.setConditions(
          Conditions.with(
              next.getConditions(),
              ConditionType.REPLICATED,
              all,
              all ? ConditionReason.BACKUP_SUCCEEDED : ConditionReason.REPLICATION_FAILED,
              AgentSummaries.replicationMessage(result.replicaList()),
              generation(),
              now));
    }
    next.setArtifacts(
        result.storedObjects().stream()
            .map(
                o -> {
                  Artifact a = new Artifact();
                  a.setRepository(repository);
                  a.setKey(o.key());
                  a.setBytes(o.rawBytes());
                  a.setStoredBytes(o.bytes());
                  a.setSha256(o.sha256());
                  return a;
                })
            .toList());
    String message = "backup " + result.backupId() + " stored " + result.storedBytes() + " bytes";
    next.setConditions(
        Conditions.with(
            next.getConditions(),
            ConditionType.COMPLETE,
            true,
            ConditionReason.BACKUP_SUCCEEDED,
            message,
            generation(),
            now));
    return next;
  }

  /** The snapshots were just created: the run is running, waiting for them to be ready. */
  BackupRunStatus snapshotsCreated(BackupRunStatus current, List<VolumeSnapshotStatus> created) {
    BackupRunStatus next = move(current, BackupRunPhase.RUNNING);
    next.setStartTime(now.toString());
    next.setKind(VOLUME_SNAPSHOTS);
    next.setVolumeSnapshots(created);
    next.setConditions(
        Conditions.with(
            next.getConditions(),
            ConditionType.COMPLETE,
            false,
            ConditionReason.JOB_CREATED,
            "created " + created.size() + " VolumeSnapshot(s), waiting for readyToUse",
            generation(),
            now));
    return next;
  }

  /**
   * What the snapshots report now: an error fails the run, all ready succeeds it, and past the
   * policy's activeDeadlineSeconds (when set) a snapshot still not ready fails it.
   */
  BackupRunStatus snapshotsObserved(
      BackupRunStatus current, List<VolumeSnapshotStatus> observed, Long deadlineSeconds) {
    BackupRunStatus next = copy(current);
    next.setVolumeSnapshots(observed);
    for (VolumeSnapshotStatus s : observed) {
      if (s.getError() != null) {
        return failed(
            next,
            ConditionReason.SNAPSHOT_FAILED,
            "VolumeSnapshot " + s.getName() + " of claim " + s.getClaim() + ": " + s.getError());
      }
    }
    List<String> waiting =
        observed.stream()
            .filter(s -> !Boolean.TRUE.equals(s.getReadyToUse()))
            .map(VolumeSnapshotStatus::getName)
            .toList();
    if (waiting.isEmpty()) {
      next = move(next, BackupRunPhase.SUCCEEDED);
      finish(next);
      next.setConditions(
          Conditions.with(
              next.getConditions(),
              ConditionType.COMPLETE,
              true,
              ConditionReason.BACKUP_SUCCEEDED,
              observed.size() + " VolumeSnapshot(s) ready to use",
              generation(),
              now));
      return next;
    }
    if (deadlineSeconds != null
        && next.getStartTime() != null
        && Duration.between(Instant.parse(next.getStartTime()), now).toSeconds()
            >= deadlineSeconds) {
      return failed(
          next,
          ConditionReason.DEADLINE_EXCEEDED,
          "VolumeSnapshot(s) "
              + String.join(", ", waiting)
              + " not ready to use after spec.job.activeDeadlineSeconds ("
              + deadlineSeconds
              + " s)");
    }
    return move(next, BackupRunPhase.RUNNING);
  }

  private static String kindOf(AgentResult result) {
    if (result.kind() != null) {
      return result.kind();
    }
    return result.physical() != null ? "physical" : "logical";
  }

  private void finish(BackupRunStatus next) {
    next.setCompletionTime(now.toString());
    if (next.getStartTime() != null) {
      next.setDurationSeconds(
          Math.max(0, Duration.between(Instant.parse(next.getStartTime()), now).toSeconds()));
    }
  }

  private BackupRunStatus move(BackupRunStatus current, BackupRunPhase to) {
    BackupRunStatus next = copy(current);
    BackupRunPhase from = next.getPhase();
    if (from == null || from.canReach(to)) {
      next.setPhase(to);
    }
    next.setObservedGeneration(generation());
    return next;
  }

  private Long generation() {
    return run.getMetadata().getGeneration();
  }

  static BackupRunStatus copy(BackupRunStatus status) {
    return JSON.convertValue(status, BackupRunStatus.class);
  }
}
