package io.cadang.controller.backuprun;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.api.v1alpha1.Artifact;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.PostgresFacts;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.JobOutcome;
import io.cadang.controller.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The BackupRun state machine as pure functions: (current status, what was observed) → next status.
 * Moves the phase only forward along {@link BackupRunPhase#canMoveTo}; everything here is testable
 * without a cluster.
 */
final class BackupRunTransitions {
  private static final ObjectMapper JSON = new ObjectMapper();

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
      return failed(current, f.reason(), f.message());
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
    PostgresFacts facts = new PostgresFacts();
    facts.setServerVersion(result.serverVersion());
    if (result.physical() != null) {
      facts.setStartLsn(result.physical().startLsn());
      facts.setStopLsn(result.physical().stopLsn());
      facts.setTimeline(result.physical().timeline());
      facts.setSystemIdentifier(result.physical().systemIdentifier());
    }
    next.setPostgres(facts);
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
