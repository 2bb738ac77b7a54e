package io.cadang.controller.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.QuiescedDeployment;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestStatus;
import io.cadang.api.v1alpha1.StepState;
import io.cadang.api.v1alpha1.Verification;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.JobOutcome;
import io.cadang.controller.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The RestoreRequest state machine as pure functions: (current status, what was observed or done) →
 * next status. The phase moves only along {@link RestorePhase#canMoveTo}; steps record what
 * happened and when.
 */
final class RestoreTransitions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestoreRequest request;
  private final Instant now;

  RestoreTransitions(RestoreRequest request, Instant now) {
    this.request = request;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Whether the request scales Deployments down; a Drill never does. */
  static boolean quiesces(RestoreRequest request) {
    return request.getSpec().getMode() != RestoreMode.DRILL
        && request.getSpec().getQuiesce() != null
        && request.getSpec().getQuiesce().getDeployments() != null
        && !request.getSpec().getQuiesce().getDeployments().isEmpty();
  }

  /** The first observation: Pending, with every step laid out. */
  RestoreRequestStatus started(RestoreRequestStatus current) {
    if (current.getPhase() != null) {
      return current;
    }
    RestoreRequestStatus next = move(current, RestorePhase.PENDING);
    next.setStartTime(now.toString());
    next.setSteps(
        RestoreSteps.initial(
            quiesces(request), !Boolean.FALSE.equals(request.getSpec().getVerify()), now));
    return next;
  }

  RestoreRequestStatus resolved(RestoreRequestStatus current, BackupRun run) {
    RestoreRequestStatus next = move(current, RestorePhase.PENDING);
    next.setResolvedBackupRun(run.getMetadata().getName());
    next.setBackupId(run.getStatus().getBackupId());
    // A logical backup is consistent as of its snapshot; the run's completion is the closest
    // bound we record. A physical recovery reports the exact point it reached when it finishes.
    next.setRecoveredTo(
        io.cadang.controller.pitr.PhysicalBackups.isPhysical(run)
            ? null
            : run.getStatus().getCompletionTime());
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(),
            RestoreSteps.RESOLVE,
            StepState.SUCCEEDED,
            "BackupRun " + run.getMetadata().getName() + ", backup " + next.getBackupId(),
            now));
    return next;
  }

  RestoreRequestStatus waiting(RestoreRequestStatus current, String message) {
    return waiting(current, ConditionReason.CONFLICTING_OPERATION, message);
  }

  /** Pending, with Complete=False naming what the request waits for. */
  RestoreRequestStatus waiting(
      RestoreRequestStatus current, ConditionReason reason, String message) {
    RestoreRequestStatus next = move(current, RestorePhase.PENDING);
    next.setConditions(condition(next, ConditionType.COMPLETE, false, reason, message));
    return next;
  }

  /** Original replica counts, written to status before anything is scaled. */
  RestoreRequestStatus quiesceRecorded(
      RestoreRequestStatus current, List<QuiescedDeployment> originals) {
    RestoreRequestStatus next = move(current, RestorePhase.PENDING);
    next.setQuiesced(originals);
    next.setSteps(
        RestoreSteps.with(next.getSteps(), RestoreSteps.QUIESCE, StepState.RUNNING, null, now));
    return next;
  }

  /**
   * The Deployments are at zero: on once their pods are gone, waiting while they stop, failed (and
   * scaled back by the caller) when they outlive their grace period and the slack.
   */
  RestoreRequestStatus quiesceProgress(RestoreRequestStatus current, PodsStopping stopping) {
    if (stopping.done()) {
      return quiesced(current);
    }
    Instant since =
        RestoreSteps.startedAt(current.getSteps(), RestoreSteps.QUIESCE)
            .map(Instant::parse)
            .orElse(now);
    if (now.isAfter(since.plus(stopping.limit()))) {
      return failed(
          current,
          ConditionReason.QUIESCE_TIMEOUT,
          "pods still present "
              + stopping.limit().toSeconds()
              + " s after scaling to 0 (longest grace period plus "
              + PodsStopping.SLACK.toSeconds()
              + " s): "
              + stopping.summary()
              + "; nothing was restored and the Deployments are scaled back");
    }
    RestoreRequestStatus next = move(current, RestorePhase.PENDING);
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(),
            RestoreSteps.QUIESCE,
            StepState.RUNNING,
            "scaled to 0, waiting for pods to stop: " + stopping.summary(),
            now));
    return next;
  }

  RestoreRequestStatus quiesced(RestoreRequestStatus current) {
    RestoreRequestStatus next = move(current, RestorePhase.PENDING);
    String message = "scaled to 0: " + names(next.getQuiesced());
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(), RestoreSteps.QUIESCE, StepState.SUCCEEDED, message, now));
    next.setConditions(
        condition(
            next, ConditionType.QUIESCED, true, ConditionReason.DEPLOYMENTS_SCALED_DOWN, message));
    return next;
  }

  RestoreRequestStatus unquiesced(RestoreRequestStatus current) {
    RestoreRequestStatus next = copy(current);
    String message = "scaled back: " + names(next.getQuiesced());
    next.setQuiesced(List.of());
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(), RestoreSteps.UNQUIESCE, StepState.SUCCEEDED, message, now));
    next.setConditions(
        condition(
            next, ConditionType.QUIESCED, false, ConditionReason.DEPLOYMENTS_RESTORED, message));
    return next;
  }

  RestoreRequestStatus jobCreated(RestoreRequestStatus current, String jobName) {
    RestoreRequestStatus next = move(current, RestorePhase.PENDING);
    next.setJobName(jobName);
    next.setSteps(
        RestoreSteps.with(next.getSteps(), RestoreSteps.RESTORE, StepState.RUNNING, null, now));
    next.setConditions(
        condition(
            next,
            ConditionType.JOB_CREATED,
            true,
            ConditionReason.JOB_CREATED,
            "created Job " + jobName));
    next.setConditions(
        condition(
            next, ConditionType.COMPLETE, false, ConditionReason.JOB_CREATED, "restore running"));
    return next;
  }

  RestoreRequestStatus observe(RestoreRequestStatus current, JobOutcome outcome) {
    if (outcome instanceof JobOutcome.Succeeded s) {
      return succeeded(current, s.result());
    }
    if (outcome instanceof JobOutcome.Failed f) {
      if (f.result() != null && (f.result().hasMismatches() || f.result().hasFailedChecks())) {
        return verificationFailed(current, f.result());
      }
      if (f.result() != null && f.result().hasFileMismatches()) {
        return filesVerificationFailed(current, f.result());
      }
      if (isTargetNotEmpty(f)) {
        return failed(current, ConditionReason.TARGET_NOT_EMPTY, f.message());
      }
      return failed(current, f.reason(), f.message());
    }
    if (outcome instanceof JobOutcome.Running) {
      return move(current, RestorePhase.RUNNING);
    }
    return move(current, RestorePhase.PENDING);
  }

  /** The agent refuses a non-empty target before touching it, with a message naming --overwrite. */
  private static boolean isTargetNotEmpty(JobOutcome.Failed f) {
    return f.reason() == ConditionReason.AGENT_ERROR
        && f.message() != null
        && f.message().contains("is not empty")
        && f.message().contains("--overwrite");
  }

  private RestoreRequestStatus succeeded(RestoreRequestStatus current, AgentResult result) {
    if (result != null && result.isRecovery()) {
      return recovered(current, result);
    }
    if (result != null && result.isFilesRestore()) {
      return result.hasFileMismatches() || Boolean.FALSE.equals(result.verified())
          ? filesVerificationFailed(current, result)
          : filesRestored(current, result);
    }
    if (result != null && result.isConfigsRestore()) {
      return configsRestored(current, result);
    }
    if (result == null || result.databases() == null) {
      return failed(
          current,
          ConditionReason.AGENT_ERROR,
          "the agent finished without reporting a result (no termination message)");
    }
    if (result.hasMismatches() || result.hasFailedChecks()) {
      return verificationFailed(current, result);
    }
    RestoreRequestStatus next = move(current, RestorePhase.SUCCEEDED);
    finish(next);
    next.setPhases(RestoreSummaries.phases(result));
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(),
            RestoreSteps.RESTORE,
            StepState.SUCCEEDED,
            "restored " + result.restoredDatabases().size() + " database(s)",
            now));
    String message =
        "restored backup " + next.getBackupId() + " in " + next.getDurationSeconds() + " s";
    if (RestoreSteps.state(next.getSteps(), RestoreSteps.VERIFY).orElse(null)
        != StepState.SKIPPED) {
      Verification v = VerificationResults.of(result);
      next.setVerification(v);
      next.setSteps(
          RestoreSteps.with(
              next.getSteps(),
              RestoreSteps.VERIFY,
              StepState.SUCCEEDED,
              VerificationResults.summary(v),
              now));
      next.setConditions(
          condition(
              next,
              ConditionType.VERIFIED,
              true,
              ConditionReason.VERIFICATION_PASSED,
              VerificationResults.summary(v)));
      message += "; " + VerificationResults.summary(v);
    }
    next.setConditions(
        condition(next, ConditionType.COMPLETE, true, ConditionReason.RESTORE_SUCCEEDED, message));
    return next;
  }

  /** {@code cadang recover} finished: the point it reached is the restore's result. */
  private RestoreRequestStatus recovered(RestoreRequestStatus current, AgentResult result) {
    if (result.hasFailedChecks()) {
      return verificationFailed(current, result);
    }
    RestoreRequestStatus next = move(current, RestorePhase.SUCCEEDED);
    finish(next);
    next.setPhases(RestoreSummaries.phases(result));
    next.setRecoveredTo(result.recoveredToTime());
    next.setRecoveredToLsn(result.recoveredToLsn());
    next.setTimeline(result.timeline());
    String reached =
        "recovered to "
            + result.recoveredToTime()
            + " (LSN "
            + result.recoveredToLsn()
            + (result.timeline() == null ? "" : ", timeline " + result.timeline())
            + ")";
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(), RestoreSteps.RESTORE, StepState.SUCCEEDED, reached, now));
    Verification v = VerificationResults.of(result);
    String message =
        "restored backup "
            + next.getBackupId()
            + ", "
            + reached
            + " in "
            + next.getDurationSeconds()
            + " s";
    if (VerificationResults.checkedAnything(v)) {
      next.setVerification(v);
      String summary = VerificationResults.summary(v);
      next.setSteps(
          RestoreSteps.with(
              next.getSteps(), RestoreSteps.VERIFY, StepState.SUCCEEDED, summary, now));
      next.setConditions(
          condition(
              next, ConditionType.VERIFIED, true, ConditionReason.VERIFICATION_PASSED, summary));
      message += "; " + summary;
    } else {
      skipVerification(
          next,
          "row counts are recorded by logical backups only; this recovery ran without"
              + " pg_amcheck (verify: false), checked by PostgreSQL replaying the WAL");
    }
    next.setConditions(
        condition(next, ConditionType.COMPLETE, true, ConditionReason.RESTORE_SUCCEEDED, message));
    return next;
  }

  /** Files extracted and every regular file's SHA-256 matches the backup's index. */
  private RestoreRequestStatus filesRestored(RestoreRequestStatus current, AgentResult result) {
    RestoreRequestStatus next = move(current, RestorePhase.SUCCEEDED);
    finish(next);
    next.setFiles(RestoreSummaries.files(result));
    String restored = "restored " + result.filesRestored() + " entries";
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(), RestoreSteps.RESTORE, StepState.SUCCEEDED, restored, now));
    String verified = result.filesVerified() + " file(s) match their SHA-256 from the backup";
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(), RestoreSteps.VERIFY, StepState.SUCCEEDED, verified, now));
    next.setConditions(
        condition(
            next, ConditionType.VERIFIED, true, ConditionReason.VERIFICATION_PASSED, verified));
    next.setConditions(
        condition(
            next,
            ConditionType.COMPLETE,
            true,
            ConditionReason.RESTORE_SUCCEEDED,
            "restored backup " + next.getBackupId() + ": " + restored + "; " + verified));
    return next;
  }

  private RestoreRequestStatus filesVerificationFailed(
      RestoreRequestStatus current, AgentResult result) {
    RestoreRequestStatus next = copy(current);
    next.setFiles(RestoreSummaries.files(result));
    String message = RestoreSummaries.fileMismatchMessage(result);
    next.setSteps(
        RestoreSteps.with(next.getSteps(), RestoreSteps.RESTORE, StepState.SUCCEEDED, null, now));
    next.setSteps(
        RestoreSteps.with(next.getSteps(), RestoreSteps.VERIFY, StepState.FAILED, message, now));
    next.setConditions(
        condition(
            next, ConditionType.VERIFIED, false, ConditionReason.VERIFICATION_FAILED, message));
    return failed(next, ConditionReason.VERIFICATION_FAILED, message);
  }

  /** Marks VERIFY skipped with {@code why}, unless it already was (with the request's reason). */
  private void skipVerification(RestoreRequestStatus next, String why) {
    if (RestoreSteps.state(next.getSteps(), RestoreSteps.VERIFY).orElse(null)
        != StepState.SKIPPED) {
      next.setSteps(
          RestoreSteps.with(next.getSteps(), RestoreSteps.VERIFY, StepState.SKIPPED, why, now));
    }
  }

  /** A configs restore, or its dry-run: what was (or would be) created and changed. */
  private RestoreRequestStatus configsRestored(RestoreRequestStatus current, AgentResult result) {
    RestoreRequestStatus next = move(current, RestorePhase.SUCCEEDED);
    finish(next);
    next.setConfigs(RestoreSummaries.configs(result));
    String summary = RestoreSummaries.configsMessage(result);
    next.setSteps(
        RestoreSteps.with(
            next.getSteps(), RestoreSteps.RESTORE, StepState.SUCCEEDED, summary, now));
    skipVerification(
        next, "configs are checked by the API server's dry-run before they are applied");
    next.setConditions(
        condition(
            next,
            ConditionType.COMPLETE,
            true,
            ConditionReason.RESTORE_SUCCEEDED,
            "backup " + next.getBackupId() + ": " + summary));
    return next;
  }

  private RestoreRequestStatus verificationFailed(
      RestoreRequestStatus current, AgentResult result) {
    Verification v = VerificationResults.of(result);
    String message = VerificationResults.failureMessage(v, result.mismatchesOmitted());
    RestoreRequestStatus next = copy(current);
    next.setVerification(v);
    next.setPhases(RestoreSummaries.phases(result));
    next.setSteps(
        RestoreSteps.with(next.getSteps(), RestoreSteps.RESTORE, StepState.SUCCEEDED, null, now));
    next.setSteps(
        RestoreSteps.with(next.getSteps(), RestoreSteps.VERIFY, StepState.FAILED, message, now));
    next.setConditions(
        condition(
            next, ConditionType.VERIFIED, false, ConditionReason.VERIFICATION_FAILED, message));
    return failed(next, ConditionReason.VERIFICATION_FAILED, message);
  }

  RestoreRequestStatus failed(
      RestoreRequestStatus current, ConditionReason reason, String message) {
    RestoreRequestStatus next = move(current, RestorePhase.FAILED);
    finish(next);
    next.setFailureReason(reason.value());
    next.setFailureMessage(message);
    boolean unquiesceLeft = next.getQuiesced() != null && !next.getQuiesced().isEmpty();
    next.setSteps(RestoreSteps.abandon(next.getSteps(), message, now, unquiesceLeft));
    next.setConditions(condition(next, ConditionType.COMPLETE, false, reason, message));
    next.setConditions(condition(next, ConditionType.FAILED, true, reason, message));
    return next;
  }

  private void finish(RestoreRequestStatus next) {
    next.setCompletionTime(now.toString());
    if (next.getStartTime() != null) {
      next.setDurationSeconds(
          Math.max(0, Duration.between(Instant.parse(next.getStartTime()), now).toSeconds()));
    }
  }

  private RestoreRequestStatus move(RestoreRequestStatus current, RestorePhase to) {
    RestoreRequestStatus next = copy(current);
    RestorePhase from = next.getPhase();
    if (from == null || from.canReach(to)) {
      next.setPhase(to);
    }
    next.setObservedGeneration(request.getMetadata().getGeneration());
    return next;
  }

  private List<io.fabric8.kubernetes.api.model.Condition> condition(
      RestoreRequestStatus next,
      ConditionType type,
      boolean status,
      ConditionReason reason,
      String message) {
    return Conditions.with(
        next.getConditions(),
        type,
        status,
        reason,
        message,
        request.getMetadata().getGeneration(),
        now);
  }

  private static String names(List<QuiescedDeployment> deployments) {
    return deployments == null
        ? ""
        : String.join(", ", deployments.stream().map(QuiescedDeployment::getDeployment).toList());
  }

  static RestoreRequestStatus copy(RestoreRequestStatus status) {
    return JSON.convertValue(status, RestoreRequestStatus.class);
  }
}
