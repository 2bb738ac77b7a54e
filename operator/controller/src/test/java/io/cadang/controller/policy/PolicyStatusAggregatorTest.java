package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.controller.schedule.Schedule;
import io.cadang.controller.schedule.SlotDecision;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyStatusAggregatorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

  private static BackupPolicy policy() {
    BackupPolicy p = Fixtures.policy("nightly", "http://s3", "b");
    p.getMetadata().setGeneration(3L);
    p.getMetadata().setCreationTimestamp("2026-11-01T00:00:00Z");
    return p;
  }

  private static PolicyCheck valid() throws Exception {
    return new PolicyCheck(Schedule.parse("0 2 * * *", "UTC"), List.of());
  }

  private static BackupRun run(String name, BackupRunPhase phase, String completed) {
    BackupRun r = Fixtures.run(name, "nightly");
    r.getMetadata().setCreationTimestamp("2026-11-01T00:00:00Z");
    BackupRunStatus s = new BackupRunStatus();
    s.setPhase(phase);
    s.setCompletionTime(completed);
    if (phase == BackupRunPhase.FAILED) {
      s.setFailureReason("OOMKilled");
      s.setFailureMessage("agent exceeded its memory limit");
    }
    r.setStatus(s);
    return r;
  }

  private static Condition condition(BackupPolicyStatus s, ConditionType type) {
    return Conditions.find(s.getConditions(), type).orElseThrow();
  }

  @Test
  void summarisesRunsNewestFirst() throws Exception {
    PolicyRuns runs =
        PolicyRuns.of(
            List.of(
                run("a", BackupRunPhase.SUCCEEDED, "2026-11-20T02:05:00Z"),
                run("b", BackupRunPhase.SUCCEEDED, "2026-11-21T02:05:00Z"),
                run("c", BackupRunPhase.FAILED, "2026-11-22T02:05:00Z")));
    BackupPolicyStatus s =
        new PolicyStatusAggregator(policy(), NOW)
            .next(
                new BackupPolicyStatus(),
                valid(),
                new SlotDecision.Wait(Instant.parse("2026-11-23T02:00:00Z")),
                null,
                runs);

    assertEquals(3L, s.getObservedGeneration());
    assertEquals("b", s.getLastSuccessfulRun());
    assertEquals("2026-11-21T02:05:00Z", s.getLastSuccessTime());
    assertEquals("c", s.getLastFailedRun());
    assertEquals(2, s.getBackups());
    assertEquals("2026-11-23T02:00:00Z", s.getNextScheduleTime());
    assertEquals("True", condition(s, ConditionType.READY).getStatus());
    Condition last = condition(s, ConditionType.LAST_BACKUP_SUCCEEDED);
    assertEquals("False", last.getStatus());
    assertEquals("BackupFailed", last.getReason());
    assertEquals(
        "BackupRun c failed: OOMKilled: agent exceeded its memory limit", last.getMessage());
    assertEquals("True", condition(s, ConditionType.BACKUPS_CURRENT).getStatus());
  }

  @Test
  void anUnchangedWorldGivesAnEqualStatus() throws Exception {
    PolicyRuns runs =
        PolicyRuns.of(List.of(run("b", BackupRunPhase.SUCCEEDED, "2026-11-22T02:05:00Z")));
    SlotDecision wait = new SlotDecision.Wait(Instant.parse("2026-11-23T02:00:00Z"));
    BackupPolicyStatus first =
        new PolicyStatusAggregator(policy(), NOW)
            .next(new BackupPolicyStatus(), valid(), wait, null, runs);
    BackupPolicyStatus second =
        new PolicyStatusAggregator(policy(), NOW.plusSeconds(600))
            .next(first, valid(), wait, null, runs);
    assertEquals(first, second);
  }

  @Test
  void skippedSlotStaysVisibleUntilTheNextSlotIsDecided() throws Exception {
    PolicyRuns runs = PolicyRuns.of(List.of(run("long", BackupRunPhase.RUNNING, null)));
    Instant slot = Instant.parse("2026-11-22T02:00:00Z");
    Instant next = Instant.parse("2026-11-23T02:00:00Z");
    BackupPolicyStatus skipped =
        new PolicyStatusAggregator(policy(), NOW)
            .next(
                new BackupPolicyStatus(),
                valid(),
                new SlotDecision.SkipBusy(slot, next),
                "long",
                runs);
    BackupPolicyStatus later =
        new PolicyStatusAggregator(policy(), NOW.plusSeconds(60))
            .next(skipped, valid(), new SlotDecision.Wait(next), "long", runs);

    Condition c = condition(later, ConditionType.SCHEDULED);
    assertEquals("False", c.getStatus());
    assertEquals("SlotSkippedRunActive", c.getReason());
    assertEquals(
        "slot 2026-11-22T02:00:00Z skipped: run long still running; next slot 2026-11-23T02:00:00Z",
        c.getMessage());
    assertEquals(slot.toString(), later.getLastScheduleTime());
    assertEquals("long", later.getActiveRun());
  }

  @Test
  void invalidSpecIsNotReadyAndNotScheduled() {
    PolicyCheck check =
        new PolicyCheck(
            null,
            List.of(
                new SpecProblem(
                    ConditionReason.INVALID_TIME_ZONE, "spec.timeZone: 'Mars/Olympus' is bad")));
    BackupPolicyStatus s =
        new PolicyStatusAggregator(policy(), NOW)
            .next(new BackupPolicyStatus(), check, null, null, PolicyRuns.of(List.of()));
    assertEquals("InvalidTimeZone", condition(s, ConditionType.READY).getReason());
    assertEquals("False", condition(s, ConditionType.SCHEDULED).getStatus());
    assertEquals(null, s.getNextScheduleTime());
  }

  @Test
  void suspendedSaysSo() throws Exception {
    BackupPolicyStatus s =
        new PolicyStatusAggregator(policy(), NOW)
            .next(
                new BackupPolicyStatus(),
                valid(),
                new SlotDecision.Suspended(),
                null,
                PolicyRuns.of(List.of()));
    assertEquals("Suspended", condition(s, ConditionType.SCHEDULED).getReason());
    assertEquals("NoSuccessYet", condition(s, ConditionType.BACKUPS_CURRENT).getReason());
  }
}
