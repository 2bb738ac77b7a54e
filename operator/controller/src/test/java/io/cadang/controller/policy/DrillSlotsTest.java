package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cadang.api.v1alpha1.Drills;
import io.cadang.controller.schedule.Schedule;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillSlotsTest {
  private static final Schedule EVERY_SIX_MONTHS = schedule("0 3 1 */6 *", "Asia/Jakarta");

  private static Schedule schedule(String cron, String zone) {
    try {
      return Schedule.parse(cron, zone);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Drills drills(boolean suspend) {
    Drills d = new Drills();
    d.setSchedule("0 3 1 */6 *");
    d.setSuspend(suspend);
    return d;
  }

  @Test
  void everySixMonthsIsExpressibleAndMissedSlotsCollapseIntoTheNewest() {
    // Last handled: 1 January 03:00 WIB (20:00 UTC the day before). Now: 2 August; July's slot is
    // due.
    Instant last = Instant.parse("2025-12-31T20:00:00Z");
    Instant now = Instant.parse("2026-08-02T00:00:00Z");

    DrillSlots.Decision d = DrillSlots.decide(drills(false), EVERY_SIX_MONTHS, last, now, false);

    assertEquals(
        new DrillSlots.Decision.Create(
            Instant.parse("2026-06-30T20:00:00Z"),
            Optional.of(Instant.parse("2026-12-31T20:00:00Z"))),
        d);
    assertEquals(Optional.of(Instant.parse("2026-06-30T20:00:00Z")), d.handled());
  }

  @Test
  void aSlotWhileSomethingRunsIsSkippedNotQueued() {
    Instant last = Instant.parse("2025-12-31T20:00:00Z");
    Instant now = Instant.parse("2026-07-01T00:00:00Z");

    DrillSlots.Decision d = DrillSlots.decide(drills(false), EVERY_SIX_MONTHS, last, now, true);

    assertEquals(
        new DrillSlots.Decision.Skip(
            Instant.parse("2026-06-30T20:00:00Z"),
            Optional.of(Instant.parse("2026-12-31T20:00:00Z"))),
        d);
    // The skipped slot is handled: the next pass waits for the next slot instead of retrying.
    assertEquals(
        new DrillSlots.Decision.Wait(Optional.of(Instant.parse("2026-12-31T20:00:00Z"))),
        DrillSlots.decide(
            drills(false),
            EVERY_SIX_MONTHS,
            d.handled().orElseThrow(),
            now.plusSeconds(60),
            false));
  }

  @Test
  void nothingDueWaitsForTheNextSlotAndSuspendedCreatesNothing() {
    Instant last = Instant.parse("2026-06-30T20:00:00Z");
    Instant now = Instant.parse("2026-09-01T00:00:00Z");
    assertEquals(
        new DrillSlots.Decision.Wait(Optional.of(Instant.parse("2026-12-31T20:00:00Z"))),
        DrillSlots.decide(drills(false), EVERY_SIX_MONTHS, last, now, false));
    assertEquals(
        new DrillSlots.Decision.Suspended(),
        DrillSlots.decide(drills(true), EVERY_SIX_MONTHS, Instant.EPOCH, now, false));
  }
}
