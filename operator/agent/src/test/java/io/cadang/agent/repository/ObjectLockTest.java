package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.wal.WalStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectLockTest {

  @Test
  void everythingIsLockedButWalPartialsAndTheStreamersStatus() {
    assertTrue(ObjectLock.appliesTo("backups/b-1/manifest.json"));
    assertTrue(ObjectLock.appliesTo("backups/b-1/keys/20261207T100000000Z-v2.json"));
    assertTrue(ObjectLock.appliesTo("wal/00000001/000000010000000000000003.zst.cdg"));
    assertTrue(ObjectLock.appliesTo("wal/00000002/00000002.history.json"));
    assertFalse(
        ObjectLock.appliesTo("wal/00000001/000000010000000000000003.partial-00A00000.json"));
    assertFalse(ObjectLock.appliesTo(WalStatus.KEY), "rewritten every partial interval");
  }

  @Test
  void theRetainUntilDateIsWholeSecondsAfterTheFullPeriod() {
    ObjectLock lock = new ObjectLock(ObjectLock.Mode.COMPLIANCE, Duration.ofDays(31));
    assertEquals(
        Instant.parse("2027-01-07T10:00:01Z"),
        lock.retainUntil(Instant.parse("2026-12-07T10:00:00.250Z")));
  }
}
