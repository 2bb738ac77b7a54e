package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.schedule.Schedule;
import io.cadang.controller.schedule.SlotDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyRequeueTest {
  private static final Instant NOW = Instant.parse("2026-11-22T01:59:30Z");

  private static PolicyCheck valid() throws Exception {
    return new PolicyCheck(Schedule.parse("0 2 * * *", "UTC"), List.of());
  }

  @Test
  void wakesAtTheNextSlot() throws Exception {
    var wait = new SlotDecision.Wait(Instant.parse("2026-11-22T02:00:00Z"));
    assertEquals(Optional.of(Duration.ofSeconds(30)), PolicyRequeue.after(valid(), wait, NOW));
  }

  @Test
  void distantSlotsAndSuspensionStillWakeHourlyForStaleness() throws Exception {
    var wait = new SlotDecision.Wait(Instant.parse("2026-11-23T02:00:00Z"));
    assertEquals(Optional.of(PolicyRequeue.MAX), PolicyRequeue.after(valid(), wait, NOW));
    assertEquals(
        Optional.of(PolicyRequeue.MAX),
        PolicyRequeue.after(valid(), new SlotDecision.Suspended(), NOW));
  }

  @Test
  void aSlotInThePastNeverSpins() throws Exception {
    var wait = new SlotDecision.Wait(NOW.minusSeconds(5));
    assertEquals(Optional.of(PolicyRequeue.MIN), PolicyRequeue.after(valid(), wait, NOW));
  }

  @Test
  void badSpecWaitsForAnEditButAMissingSecretIsRechecked() {
    var badCron =
        new PolicyCheck(null, List.of(new SpecProblem(ConditionReason.INVALID_SCHEDULE, "x")));
    assertEquals(Optional.empty(), PolicyRequeue.after(badCron, null, NOW));
    var noSecret =
        new PolicyCheck(null, List.of(new SpecProblem(ConditionReason.SECRET_MISSING, "x")));
    assertEquals(
        Optional.of(PolicyRequeue.RECHECK_ENVIRONMENT), PolicyRequeue.after(noSecret, null, NOW));
  }
}
