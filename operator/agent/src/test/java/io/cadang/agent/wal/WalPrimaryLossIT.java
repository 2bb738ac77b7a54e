package io.cadang.agent.wal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.Sql;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Total loss of the primary (scenario B): the streamer runs elsewhere and outlives it. What
 * pg_receivewal received before the crash must reach the archive right away, not at the next
 * partial interval and not only when someone stops the streamer, because the server never comes
 * back to answer the streamer's questions.
 */
class WalPrimaryLossIT {
  @TempDir Path work;

  @Test
  void storesWhatItReceivedWhenThePrimaryIsKilled() throws Exception {
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    KeyProvider keys = LocalKeyProvider.fromBytes(master);
    try (RestartableCluster pg = RestartableCluster.start();
        Repository repo = Repositories.open(work.resolve("repo").toUri().toString(), Map.of())) {
      PgTarget target = pg.target();
      WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());
      // An interval far beyond the test's patience: only the reaction to the loss can store it.
      WalStreamer streamer =
          new WalStreamer(
              repo,
              keys,
              Clock.systemUTC(),
              new WalStreamer.Settings(
                  target, null, "cadang_loss", work.resolve("spool"), Duration.ofMinutes(10)));
      Thread t =
          new Thread(
              () -> {
                try {
                  streamer.run();
                } catch (Exception e) {
                  // asserted through status.json below
                }
              },
              "streamer");
      t.start();
      try {
        await("first report", Duration.ofSeconds(60), () -> status(archive).isPresent());
        Sql.exec(target, "CREATE TABLE ticks (v text)", "INSERT INTO ticks VALUES ('last words')");
        Lsn committed = Lsn.parse(Sql.text(target, "SELECT pg_current_wal_flush_lsn()::text"));
        // The kill must come after the server sent the commit to pg_receivewal (on loopback, sent
        // bytes sit in its socket even when the sender dies; its own feedback lags by seconds).
        await(
            "the server to send " + committed,
            Duration.ofSeconds(20),
            () -> received(target).compareTo(committed) >= 0);
        long killedAt = System.nanoTime();
        pg.killHard();

        await(
            "archive reaching the last commit " + committed,
            Duration.ofSeconds(20),
            () ->
                status(archive)
                    .map(s -> Lsn.parse(s.archivedLsn()).compareTo(committed) >= 0)
                    .orElse(false));
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("last commit archived %.2f s after the kill%n", seconds);
        WalStatus s = status(archive).orElseThrow();
        assertTrue(s.error() != null, "the lost server is reported: " + s);
        assertTrue(archive.list().newestPartial(s.lastSegment()).isPresent(), s.toString());
      } finally {
        streamer.requestStop();
        t.join(60_000);
      }
    }
  }

  private static Lsn received(PgTarget target) {
    try {
      String lsn =
          Sql.text(target, "SELECT coalesce(max(sent_lsn), '0/0')::text FROM pg_stat_replication");
      return Lsn.parse(lsn);
    } catch (Exception e) {
      return Lsn.ZERO;
    }
  }

  private static Optional<WalStatus> status(WalArchive archive) {
    try {
      return archive.status();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static void await(String what, Duration limit, java.util.function.BooleanSupplier c)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (c.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
