package io.cadang.agent.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.Sql;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server moves to timeline 2 while the streamer runs: the streamer rides out the restart,
 * archives the history file, the old timeline's last segment as a partial and the new timeline's
 * segments under their own timeline, and the chain check follows the history across the switch.
 */
class WalTimelineIT {
  @TempDir Path work;

  @Test
  void followsATimelineSwitch() throws Exception {
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    KeyProvider keys = LocalKeyProvider.fromBytes(master);
    try (RestartableCluster pg = RestartableCluster.start();
        Repository repo = Repositories.open(work.resolve("repo").toUri().toString(), Map.of())) {
      PgTarget target = pg.target();
      WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());
      WalStreamer streamer =
          new WalStreamer(
              repo,
              keys,
              Clock.systemUTC(),
              new WalStreamer.Settings(
                  target, null, "cadang_tli", work.resolve("spool"), Duration.ofSeconds(1)));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  streamer.run();
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      t.start();
      Sql.exec(
          target,
          "CREATE TABLE t (v text)",
          "INSERT INTO t SELECT 'one' FROM generate_series(1, 1000)");
      String onTimeline1 = Sql.text(target, "SELECT pg_walfile_name(pg_switch_wal())");
      await("timeline 1 segment", () -> has(archive, onTimeline1));
      Sql.exec(target, "INSERT INTO t SELECT 'two' FROM generate_series(1, 1000)");
      Lsn beforeSwitch = Lsn.parse(Sql.text(target, "SELECT pg_current_wal_lsn()::text"));

      pg.restartOnNewTimeline();
      await(
          "end of recovery",
          () -> {
            try {
              return "f".equals(Sql.text(target, "SELECT pg_is_in_recovery()"));
            } catch (Exception e) {
              return false;
            }
          });
      assertEquals(
          "00000002",
          Sql.text(target, "SELECT pg_walfile_name(pg_current_wal_lsn())").substring(0, 8));
      Sql.exec(target, "INSERT INTO t SELECT 'three' FROM generate_series(1, 1000)");
      String onTimeline2 = Sql.text(target, "SELECT pg_walfile_name(pg_switch_wal())");
      await("timeline 2 segment", () -> has(archive, onTimeline2));

      WalListing listing = archive.list();
      assertTrue(listing.historyTimelines().contains(2), "history archived");
      ByteArrayOutputStream history = new ByteArrayOutputStream();
      archive.read(WalFile.history(2), history);
      assertTrue(history.toString(StandardCharsets.UTF_8).startsWith("1\t"), history.toString());
      String switchSegment =
          WalSegments.DEFAULT.name(1, WalSegments.DEFAULT.segmentOf(beforeSwitch));
      assertTrue(
          listing.newestPartial(switchSegment).isPresent() || listing.hasSegment(switchSegment),
          "old timeline's last segment archived: " + listing.partials());

      WalVerifier.Report report = new WalVerifier(archive).verify(true);
      assertTrue(report.ok(), String.join("\n", report.lines()));
      assertTrue(
          report.lines().stream().anyMatch(l -> l.contains("on timeline 2")),
          report.lines().toString());
      await(
          "status on timeline 2",
          () -> {
            try {
              return archive.status().orElseThrow().timeline() == 2;
            } catch (Exception e) {
              return false;
            }
          });
      streamer.requestStop();
      t.join(60_000);
      assertNull(failure.get());
      assertNull(archive.status().orElseThrow().error());
    }
  }

  private static boolean has(WalArchive archive, String segment) {
    try {
      return archive.list().hasSegment(segment);
    } catch (Exception e) {
      return false;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
