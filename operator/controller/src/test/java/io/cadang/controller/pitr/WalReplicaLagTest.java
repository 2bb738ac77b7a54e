package io.cadang.controller.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.WalReplicaStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalReplicaLagTest {
  private static final Instant T = Instant.parse("2026-11-21T14:00:00Z");
  private static final String SYSTEM = "7312000000000000001";

  @Test
  void aReplicaTrailsByTheDifferenceOfTheTwoArchivedPoints() {
    Map<String, WalReplicaLag.Read> reads = new LinkedHashMap<>();
    reads.put(
        "dr", WalReplicaLag.Read.of(Optional.of(status(SYSTEM, "0/7000000", T.minusSeconds(40)))));
    reads.put("eu", WalReplicaLag.Read.of(Optional.of(status(SYSTEM, "0/7A3F000", T))));

    List<WalReplicaStatus> lags = WalReplicaLag.of(status(SYSTEM, "0/7A3F000", T), reads);

    assertEquals("dr", lags.get(0).getRepository());
    assertEquals(40L, lags.get(0).getLagSeconds());
    assertEquals(0x7A3F000L - 0x7000000L, lags.get(0).getLagBytes());
    assertEquals(T.minusSeconds(40).toString(), lags.get(0).getArchivedAt());
    assertEquals(0L, lags.get(1).getLagSeconds());
    assertEquals(List.of(), WalReplicaLag.problems(lags, Duration.ofMinutes(5)));
    assertEquals(
        List.of("dr: WAL 40 s behind the primary (target RPO 30 s)"),
        WalReplicaLag.problems(lags, Duration.ofSeconds(30)));
  }

  @Test
  void anUnreadableEmptyOrForeignReplicaIsNamedWithoutALag() {
    Map<String, WalReplicaLag.Read> reads = new LinkedHashMap<>();
    reads.put("gone", WalReplicaLag.Read.failed("s3://dr-bucket/db: connection refused"));
    reads.put("new", WalReplicaLag.Read.of(Optional.empty()));
    reads.put("other", WalReplicaLag.Read.of(Optional.of(status("7399", "0/9000000", T))));

    List<WalReplicaStatus> lags = WalReplicaLag.of(status(SYSTEM, "0/7A3F000", T), reads);

    assertNull(lags.get(0).getLagSeconds());
    assertTrue(lags.get(0).getMessage().contains("connection refused"));
    assertEquals("holds no WAL yet", lags.get(1).getMessage());
    assertTrue(lags.get(2).getMessage().contains("system 7399"), lags.get(2).getMessage());
    assertEquals(3, WalReplicaLag.problems(lags, Duration.ofMinutes(5)).size());
  }

  private static WalStatus status(String system, String archivedLsn, Instant archivedAt) {
    return new WalStatus(
        1,
        system,
        "cadang_orders",
        1,
        "000000010000000000000007",
        archivedLsn,
        archivedAt,
        "0/7A3F0D8",
        archivedAt,
        10,
        null,
        null);
  }
}
