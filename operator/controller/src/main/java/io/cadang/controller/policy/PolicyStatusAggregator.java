package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.controller.schedule.SlotDecision;
import io.cadang.controller.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Computes a policy's next status from what one reconcile observed and decided. Pure, so an
 * unchanged world yields an equal status and the reconciler skips the write.
 */
public final class PolicyStatusAggregator {
  private final BackupPolicy policy;
  private final Instant now;
  private final Long generation;

  public PolicyStatusAggregator(BackupPolicy policy, Instant now) {
    this.policy = policy;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
    this.generation = policy.getMetadata().getGeneration();
  }

  /**
   * @param decision the schedule decision, null when the spec cannot be scheduled
   * @param activeRun the pending or running run, including one created by this reconcile
   * @param runs the policy's runs that remain after retention
   */
  public BackupPolicyStatus next(
      BackupPolicyStatus current,
      PolicyCheck check,
      SlotDecision decision,
      String activeRun,
      PolicyRuns runs) {
    BackupPolicyStatus next = new BackupPolicyStatus();
    next.setObservedGeneration(generation);
    next.setLastScheduleTime(current.getLastScheduleTime());
    List<Condition> conditions = current.getConditions();
    conditions = ready(conditions, check);
    conditions = scheduled(conditions, check, decision, activeRun);
    if (decision != null) {
      decision.handledSlot().ifPresent(slot -> next.setLastScheduleTime(slot.toString()));
      next.setNextScheduleTime(decision.requeueAt().map(Instant::toString).orElse(null));
    }
    next.setActiveRun(activeRun);
    Optional<BackupRun> success = runs.newestSucceeded();
    next.setLastSuccessfulRun(success.map(r -> r.getMetadata().getName()).orElse(null));
    next.setLastSuccessTime(success.map(r -> PolicyRuns.takenAt(r).toString()).orElse(null));
    next.setLastFailedRun(runs.newestFailed().map(r -> r.getMetadata().getName()).orElse(null));
    next.setBackups(runs.succeeded());
    conditions = lastBackup(conditions, runs);
    if (check.schedule() != null) {
      BackupFreshness.Verdict verdict =
          BackupFreshness.evaluate(
              check.schedule(), success.map(PolicyRuns::takenAt).orElse(null), createdAt(), now);
      conditions =
          set(
              conditions,
              ConditionType.BACKUPS_CURRENT,
              verdict.current(),
              verdict.reason(),
              verdict.message());
    }
    next.setConditions(conditions);
    return next;
  }

  private List<Condition> ready(List<Condition> conditions, PolicyCheck check) {
    return check
        .readyProblem()
        .map(p -> set(conditions, ConditionType.READY, false, p.reason(), p.message()))
        .orElseGet(
            () ->
                set(
                    conditions,
                    ConditionType.READY,
                    true,
                    ConditionReason.READY,
                    "spec is valid, its Secrets exist and the repository is reachable"));
  }

  private List<Condition> scheduled(
      List<Condition> conditions, PolicyCheck check, SlotDecision decision, String activeRun) {
    ConditionType type = ConditionType.SCHEDULED;
    if (decision == null) {
      SpecProblem p = check.readyProblem().orElseThrow();
      return set(conditions, type, false, p.reason(), "no runs are created: " + p.message());
    }
    if (decision instanceof SlotDecision.Suspended) {
      return set(
          conditions,
          type,
          false,
          ConditionReason.SUSPENDED,
          "spec.suspend is true: no scheduled runs are created");
    }
    if (decision instanceof SlotDecision.SkipBusy s) {
      return set(
          conditions,
          type,
          false,
          ConditionReason.SLOT_SKIPPED_RUN_ACTIVE,
          skippedMessage(
                  s.slot(), activeRun != null ? activeRun : "a restore of this policy's backups")
              + "; next slot "
              + s.nextSlot());
    }
    if (decision instanceof SlotDecision.Wait w) {
      // A skip stays visible until the next slot is decided, not just until the next reconcile.
      boolean skipShown =
          Conditions.find(conditions, type)
              .map(c -> ConditionReason.SLOT_SKIPPED_RUN_ACTIVE.value().equals(c.getReason()))
              .orElse(false);
      return skipShown
          ? conditions
          : set(conditions, type, true, ConditionReason.READY, "next slot " + w.nextSlot());
    }
    if (decision instanceof SlotDecision.SkipLate l) {
      return set(
          conditions,
          type,
          true,
          ConditionReason.READY,
          "slot "
              + l.slot()
              + " was missed by more than the starting deadline and skipped; next slot "
              + l.nextSlot());
    }
    SlotDecision.RunNow run = (SlotDecision.RunNow) decision;
    return set(conditions, type, true, ConditionReason.READY, "next slot " + run.nextSlot());
  }

  /** "slot X skipped: run Y still running", shared by the condition and the Warning Event. */
  public static String skippedMessage(Instant slot, String activeRun) {
    return "slot "
        + slot
        + " skipped: "
        + (activeRun.startsWith("a restore") ? "" : "run ")
        + activeRun
        + " still running";
  }

  private List<Condition> lastBackup(List<Condition> conditions, PolicyRuns runs) {
    ConditionType type = ConditionType.LAST_BACKUP_SUCCEEDED;
    Optional<BackupRun> finished = runs.newestFinished();
    if (finished.isEmpty()) {
      return set(
          conditions, type, false, ConditionReason.NO_SUCCESS_YET, "no BackupRun has finished yet");
    }
    BackupRun run = finished.get();
    String name = run.getMetadata().getName();
    if (run.getStatus().getPhase() == BackupRunPhase.SUCCEEDED) {
      return set(
          conditions,
          type,
          true,
          ConditionReason.BACKUP_SUCCEEDED,
          "BackupRun " + name + " succeeded at " + PolicyRuns.takenAt(run));
    }
    return set(
        conditions,
        type,
        false,
        ConditionReason.BACKUP_FAILED,
        "BackupRun "
            + name
            + " failed: "
            + run.getStatus().getFailureReason()
            + ": "
            + run.getStatus().getFailureMessage());
  }

  private Instant createdAt() {
    String created = policy.getMetadata().getCreationTimestamp();
    return created == null ? now : Instant.parse(created);
  }

  private List<Condition> set(
      List<Condition> conditions,
      ConditionType type,
      boolean status,
      ConditionReason reason,
      String message) {
    return Conditions.with(conditions, type, status, reason, message, generation, now);
  }
}
