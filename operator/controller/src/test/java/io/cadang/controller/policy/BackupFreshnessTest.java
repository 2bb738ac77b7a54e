package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupFreshnessTest {
  private static final Instant CREATED = Instant.parse("2026-11-20T12:00:00Z");
  private static final Instant SUCCESS = Instant.parse("2026-11-21T02:05:00Z");

  private static Schedule daily() throws Exception {
    return Schedule.parse("0 2 * * *", "UTC");
  }

  @Test
  void graceIsTenPercentOfTheIntervalButAtLeastFifteenMinutes() {
    assertEquals(Duration.ofMinutes(144), BackupFreshness.grace(Duration.ofHours(24)));
    assertEquals(Duration.ofMinutes(15), BackupFreshness.grace(Duration.ofMinutes(5)));
  }

  @Test
  void successWithinIntervalPlusGraceIsCurrent() throws Exception {
    var verdict =
        BackupFreshness.evaluate(daily(), SUCCESS, CREATED, SUCCESS.plus(Duration.ofHours(26)));
    assertTrue(verdict.current());
    assertEquals(ConditionReason.BACKUP_SUCCEEDED, verdict.reason());
  }

  @Test
  void successOlderThanIntervalPlusGraceIsStale() throws Exception {
    Instant now = SUCCESS.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(145));
    var verdict = BackupFreshness.evaluate(daily(), SUCCESS, CREATED, now);
    assertFalse(verdict.current());
    assertEquals(ConditionReason.STALE, verdict.reason());
    assertTrue(verdict.message().contains("(24h) plus grace (2h24m)"), verdict.message());
  }

  @Test
  void dstMakesTheDailyIntervalLongerInBerlin() throws Exception {
    Schedule berlin = Schedule.parse("30 2 * * *", "Europe/Berlin");
    Instant success =
        Instant.parse("2026-10-24T00:30:00Z"); // the year after holds the 25-hour October gap
    Instant now = success.plus(Duration.ofHours(25)).plus(Duration.ofMinutes(140));
    assertTrue(BackupFreshness.evaluate(berlin, success, CREATED, now).current());
  }

  @Test
  void noSuccessBeforeTheFirstSlotIsDueSaysSo() throws Exception {
    var verdict =
        BackupFreshness.evaluate(daily(), null, CREATED, Instant.parse("2026-11-21T03:00:00Z"));
    assertFalse(verdict.current());
    assertEquals(ConditionReason.NO_SUCCESS_YET, verdict.reason());
    assertTrue(verdict.message().contains("first slot is at 2026-11-21T02:00:00Z"));
  }

  @Test
  void noSuccessAfterTheFirstSlotAndGraceIsOverdue() throws Exception {
    var verdict =
        BackupFreshness.evaluate(daily(), null, CREATED, Instant.parse("2026-11-21T05:00:00Z"));
    assertEquals(ConditionReason.NO_SUCCESS_YET, verdict.reason());
    assertTrue(verdict.message().contains("due by 2026-11-21T04:24:00Z"), verdict.message());
  }
}
