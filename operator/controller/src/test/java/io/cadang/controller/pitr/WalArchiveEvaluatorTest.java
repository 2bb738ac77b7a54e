package io.cadang.controller.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.testing.FakeWalArchiveReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalArchiveEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:30Z");
  private static final Instant LONG_AGO = NOW.minus(Duration.ofHours(1));
  private static final PitrSettings PITR =
      new PitrSettings(true, "cadang_orders", Duration.ofMinutes(5), Duration.ofSeconds(10));

  @Test
  void aFreshReportWithinTheRpoIsStreaming() {
    WalArchiveEvaluation e =
        eval(FakeWalArchiveReader.healthy("2026-11-21T10:00:20Z", "2026-11-21T10:00:25Z"));

    assertTrue(e.condition().ok());
    assertEquals(ConditionReason.STREAMING, e.condition().reason());
    assertEquals("0/7A3F000", e.status().getArchivedLsn());
    assertEquals(0xD8L, e.status().getLagBytes(), "serverLsn - archivedLsn");
    assertEquals(5L, e.status().getLagSeconds(), "as reported: updatedAt - archivedAt");
    assertEquals(10.0, e.lagSeconds(), 0.001, "metric: now - archivedAt");
    assertEquals(Instant.parse("2026-11-21T10:00:20Z"), e.archivedAt());
  }

  @Test
  void aReportOlderThanThreeIntervalsOrAMinuteIsNotReporting() {
    // 3 × 10 s = 30 s < 60 s: the floor applies.
    assertEquals(Duration.ofSeconds(60), WalArchiveEvaluator.maxSilence(Duration.ofSeconds(10)));
    assertEquals(Duration.ofSeconds(90), WalArchiveEvaluator.maxSilence(Duration.ofSeconds(30)));
    WalArchiveEvaluation fresh =
        eval(FakeWalArchiveReader.healthy("2026-11-21T09:59:30Z", "2026-11-21T09:59:30Z"));
    WalArchiveEvaluation stale =
        eval(FakeWalArchiveReader.healthy("2026-11-21T09:59:29Z", "2026-11-21T09:59:29Z"));

    assertTrue(fresh.condition().ok(), "exactly 60 s old is still on time");
    assertFalse(stale.condition().ok());
    assertEquals(ConditionReason.STREAMER_NOT_REPORTING, stale.condition().reason());
    assertTrue(stale.condition().message().contains("2026-11-21T09:59:29Z"));
  }

  @Test
  void anArchiveOlderThanTheTargetRpoIsBehindTarget() {
    WalArchiveEvaluation e =
        eval(FakeWalArchiveReader.healthy("2026-11-21T09:55:29Z", "2026-11-21T10:00:25Z"));

    assertFalse(e.condition().ok());
    assertEquals(ConditionReason.BEHIND_TARGET, e.condition().reason());
    assertTrue(e.condition().message().contains("300 s"), e.condition().message());
  }

  @Test
  void anErrorInTheReportIsStreamerFailedWithTheError() {
    WalStatus ok = FakeWalArchiveReader.healthy("2026-11-21T10:00:20Z", "2026-11-21T10:00:25Z");
    WalStatus failed =
        new WalStatus(
            1,
            ok.systemIdentifier(),
            ok.slot(),
            1,
            ok.lastSegment(),
            ok.archivedLsn(),
            ok.archivedAt(),
            ok.serverLsn(),
            ok.updatedAt(),
            10,
            "WalConflict: 000000010000000000000007 differs from the archived copy",
            null);

    WalArchiveEvaluation e = eval(failed);

    assertEquals(ConditionReason.STREAMER_FAILED, e.condition().reason());
    assertTrue(e.condition().message().contains("WalConflict: 000000010000000000000007"));
  }

  @Test
  void aGapFoundByTheStreamerIsWalGapEvenWhenTheLagIsFine() {
    WalStatus ok = FakeWalArchiveReader.healthy("2026-11-21T10:00:20Z", "2026-11-21T10:00:25Z");
    String gap =
        "missing 000000010000000000000005 (timeline 1) between 000000010000000000000004 and 000000010000000000000006";
    WalStatus gapped =
        new WalStatus(
            1,
            ok.systemIdentifier(),
            ok.slot(),
            1,
            ok.lastSegment(),
            ok.archivedLsn(),
            ok.archivedAt(),
            ok.serverLsn(),
            ok.updatedAt(),
            10,
            null,
            gap);

    assertTrue(eval(ok).condition().ok());
    WalArchiveEvaluation e = eval(gapped);
    assertFalse(e.condition().ok());
    assertEquals(ConditionReason.WAL_GAP, e.condition().reason());
    assertTrue(e.condition().message().contains(gap), e.condition().message());
  }

  @Test
  void noReportIsToleratedWhileTheStreamerStartsThenNotReporting() {
    WalArchiveEvaluation starting =
        WalArchiveEvaluator.evaluate(
            Optional.empty(), Optional.empty(), PITR, NOW.minusSeconds(119), NOW);
    WalArchiveEvaluation late =
        WalArchiveEvaluator.evaluate(
            Optional.empty(), Optional.empty(), PITR, NOW.minusSeconds(121), NOW);

    assertNull(starting.condition(), "no verdict during the start-up grace");
    assertEquals(ConditionReason.STREAMER_NOT_REPORTING, late.condition().reason());
    assertTrue(late.condition().message().contains("wal/status.json"));
    assertTrue(Double.isNaN(late.lagSeconds()));
  }

  @Test
  void anUnreadableRepositoryIsNotReportingWithTheCause() {
    WalArchiveEvaluation e =
        WalArchiveEvaluator.evaluate(
            Optional.empty(),
            Optional.of("repository 'primary': access denied"),
            PITR,
            LONG_AGO,
            NOW);

    assertEquals(ConditionReason.STREAMER_NOT_REPORTING, e.condition().reason());
    assertTrue(e.condition().message().endsWith("access denied"));
  }

  @Test
  void settingsDeriveTheSlotAndParseDurations() {
    assertEquals("cadang_app_db_pitr", PitrSettings.defaultSlot("app-db-pitr"));
    assertEquals("cadang_a_b", PitrSettings.defaultSlot("a.b"));
    assertEquals(Duration.ofMinutes(90), PitrSettings.duration("1h30m", Duration.ZERO));
    assertEquals(Duration.ofMillis(500), PitrSettings.duration("500ms", Duration.ZERO));
    assertEquals(Duration.ofSeconds(7), PitrSettings.duration("soon", Duration.ofSeconds(7)));
  }

  private static WalArchiveEvaluation eval(WalStatus status) {
    return WalArchiveEvaluator.evaluate(Optional.of(status), Optional.empty(), PITR, LONG_AGO, NOW);
  }
}
