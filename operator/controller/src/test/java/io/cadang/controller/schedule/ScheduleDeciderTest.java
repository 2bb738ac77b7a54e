package io.cadang.controller.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cadang.controller.schedule.SlotDecision.RunNow;
import io.cadang.controller.schedule.SlotDecision.SkipBusy;
import io.cadang.controller.schedule.SlotDecision.SkipLate;
import io.cadang.controller.schedule.SlotDecision.Suspended;
import io.cadang.controller.schedule.SlotDecision.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A daily 02:00 UTC policy created on 2026-11-10 at 10:00. */
class ScheduleDeciderTest {
  private static final Instant CREATED = at("2026-11-10T10:00:00Z");
  private static final Instant SLOT_20TH = at("2026-11-20T02:00:00Z");
  private static final Instant SLOT_21ST = at("2026-11-21T02:00:00Z");

  private final Schedule daily = daily();

  @Test
  void aPolicyThatNeverRanRunsTheLatestDueSlotNotOneFromTheEpoch() {
    assertEquals(
        new RunNow(SLOT_20TH, SLOT_21ST), decide(at("2026-11-20T02:10:00Z"), null, false, false));
  }

  @Test
  void aNewPolicyWaitsForTheFirstSlotAfterItsCreation() {
    Instant created = at("2026-11-20T03:00:00Z");
    SlotDecision decision =
        ScheduleDecider.decide(daily, at("2026-11-20T04:00:00Z"), null, created, false, false);
    assertEquals(new Wait(SLOT_21ST), decision);
  }

  @Test
  void missedSlotsCollapseIntoTheLatestOne() {
    Instant lastScheduled = at("2026-11-15T02:00:00Z");
    assertEquals(
        new RunNow(SLOT_20TH, SLOT_21ST),
        decide(at("2026-11-20T02:05:00Z"), lastScheduled, false, false));
  }

  @Test
  void aHandledSlotIsNotDecidedAgain() {
    assertEquals(new Wait(SLOT_21ST), decide(at("2026-11-20T02:30:00Z"), SLOT_20TH, false, false));
  }

  @Test
  void aDueSlotIsSkippedWhileThePreviousRunIsUnfinished() {
    Instant lastScheduled = at("2026-11-19T02:00:00Z");
    assertEquals(
        new SkipBusy(SLOT_20TH, SLOT_21ST),
        decide(at("2026-11-20T02:00:00Z"), lastScheduled, false, true));
  }

  @Test
  void aSuspendedPolicyNeitherRunsNorRequeues() {
    SlotDecision decision = decide(at("2026-11-20T02:00:00Z"), null, true, false);
    assertEquals(new Suspended(), decision);
    assertEquals(Optional.empty(), decision.requeueAt());
  }

  @Test
  void aSlotMissedByMoreThanTheStartingDeadlineIsSkipped() {
    Instant lastScheduled = at("2026-11-19T02:00:00Z");
    assertEquals(
        new SkipLate(SLOT_20TH, SLOT_21ST),
        decide(at("2026-11-20T03:00:01Z"), lastScheduled, false, false));
  }

  @Test
  void aSlotExactlyAtTheStartingDeadlineStillRuns() {
    Instant lastScheduled = at("2026-11-19T02:00:00Z");
    assertEquals(
        new RunNow(SLOT_20TH, SLOT_21ST),
        decide(at("2026-11-20T03:00:00Z"), lastScheduled, false, false));
  }

  @Test
  void aLongerStartingDeadlineLetsALateSlotRun() {
    SlotDecision decision =
        ScheduleDecider.decide(
            daily,
            at("2026-11-20T07:00:00Z"),
            at("2026-11-19T02:00:00Z"),
            CREATED,
            false,
            false,
            Duration.ofHours(6));
    assertEquals(new RunNow(SLOT_20TH, SLOT_21ST), decision);
  }

  @Test
  void aLateSlotIsReportedLateEvenWhileThePreviousRunIsUnfinished() {
    Instant lastScheduled = at("2026-11-19T02:00:00Z");
    assertEquals(
        new SkipLate(SLOT_20TH, SLOT_21ST),
        decide(at("2026-11-20T05:00:00Z"), lastScheduled, false, true));
  }

  @Test
  void aLastScheduleTimeInTheFutureIsNotRepeatedAfterTheClockStepsBack() {
    assertEquals(new Wait(SLOT_21ST), decide(at("2026-11-20T01:00:00Z"), SLOT_20TH, false, false));
  }

  @Test
  void decisionsThatConsumeASlotReportItAsTheNewLastScheduleTime() {
    assertEquals(Optional.of(SLOT_20TH), new RunNow(SLOT_20TH, SLOT_21ST).handledSlot());
    assertEquals(Optional.of(SLOT_20TH), new SkipBusy(SLOT_20TH, SLOT_21ST).handledSlot());
    assertEquals(Optional.of(SLOT_20TH), new SkipLate(SLOT_20TH, SLOT_21ST).handledSlot());
    assertEquals(Optional.empty(), new Wait(SLOT_21ST).handledSlot());
  }

  @Test
  void aJakartaPolicyRunsAtThreeLocal() throws Exception {
    Schedule wib = Schedule.parse("0 3 * * *", "Asia/Jakarta");
    SlotDecision decision =
        ScheduleDecider.decide(wib, at("2026-11-19T20:01:00Z"), null, CREATED, false, false);
    assertEquals(new RunNow(at("2026-11-19T20:00:00Z"), at("2026-11-20T20:00:00Z")), decision);
  }

  private SlotDecision decide(
      Instant now, Instant lastScheduleTime, boolean suspended, boolean previousUnfinished) {
    return ScheduleDecider.decide(
        daily, now, lastScheduleTime, CREATED, suspended, previousUnfinished);
  }

  private static Schedule daily() {
    try {
      return Schedule.parse("0 2 * * *", "UTC");
    } catch (InvalidScheduleException e) {
      throw new AssertionError(e);
    }
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
