package io.cadang.agent.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.repository.ObjectInfo;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.StoredDigest;
import io.cadang.testkit.FaultInjectingHttpProxy;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAL in every repository: the streamer's replicators against real PostgreSQL 15 and s3proxy.
 * Segments, partials and history files reach a replica verified and the replica's status.json is
 * the primary's; a replica that is down does not slow the primary archive and catches up when it
 * returns; the archive in the replica reads, verifies and fetches like the primary's.
 */
class WalReplicaIT {
  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir Path work;

  /** (i) + graceful stop: everything, history files included, arrives identical and verified. */
  @Test
  void segmentsPartialsAndHistoriesReachTheReplicaWithThePrimarysStatus() throws Exception {
    long t0 = System.nanoTime();
    KeyProvider keys = keys();
    RealServers.S3Location primaryLoc = RealServers.newBucket(bucket("wal-prim"));
    RealServers.S3Location replicaLoc = RealServers.newBucket(bucket("wal-repl"));
    try (RestartableCluster pg = RestartableCluster.start();
        Repository repo = Repositories.open(primaryLoc.uri(), primaryLoc.env());
        Repository primaryForReplica = Repositories.open(primaryLoc.uri(), primaryLoc.env());
        Repository replica = Repositories.open(replicaLoc.uri(), replicaLoc.env())) {
      PgTarget target = pg.target();
      WalReplicator replicator =
          new WalReplicator(
              "east",
              primaryForReplica,
              () -> Repositories.open(replicaLoc.uri(), replicaLoc.env()),
              Duration.ofSeconds(1));
      WalStreamer streamer =
          new WalStreamer(
              repo,
              keys,
              Clock.systemUTC(),
              new WalStreamer.Settings(
                  target, null, "cadang_repl", work.resolve("spool"), Duration.ofSeconds(1)),
              List.of(replicator));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t = run(streamer, failure);
      WalArchive primaryArchive = new WalArchive(repo, keys, Clock.systemUTC());
      WalArchive replicaArchive = new WalArchive(replica, keys, Clock.systemUTC());

      Sql.exec(
          target,
          "CREATE TABLE t (v text)",
          "INSERT INTO t SELECT repeat('one', 50) FROM generate_series(1, 2000)");
      String onTimeline1 = Sql.text(target, "SELECT pg_walfile_name(pg_switch_wal())");
      await("timeline 1 segment in the replica", () -> has(replicaArchive, onTimeline1));

      // A partial: a little WAL after the switch reaches the replica within about an interval.
      Sql.exec(target, "INSERT INTO t VALUES ('after the switch')");
      Lsn written = Lsn.parse(Sql.text(target, "SELECT pg_current_wal_lsn()::text"));
      long w0 = System.nanoTime();
      await("replica status reaching " + written, () -> archivedAtLeast(replica, written));
      long lagMs = (System.nanoTime() - w0) / 1_000_000;
      System.out.printf("WAL written at %s is in the replica after %d ms%n", written, lagMs);
      String current = Sql.text(target, "SELECT pg_walfile_name(pg_current_wal_lsn())");
      assertTrue(replicaArchive.list().newestPartial(current).isPresent(), "partial in replica");

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
      Sql.exec(target, "INSERT INTO t SELECT 'three' FROM generate_series(1, 1000)");
      String onTimeline2 = Sql.text(target, "SELECT pg_walfile_name(pg_switch_wal())");
      Sql.exec(target, "INSERT INTO t VALUES ('last words')");
      Lsn last = Lsn.parse(Sql.text(target, "SELECT pg_current_wal_lsn()::text"));
      await("timeline 2 segment in the replica", () -> has(replicaArchive, onTimeline2));

      streamer.requestStop();
      t.join(90_000);
      assertNull(failure.get());
      WalStatus primaryStatus = primaryArchive.status().orElseThrow();
      assertTrue(Lsn.parse(primaryStatus.archivedLsn()).compareTo(last) >= 0, "final partial");

      // After the graceful stop's last pass: the same objects, byte for byte, and the same report.
      assertEquals(walKeys(repo), walKeys(replica));
      for (String key : walKeys(repo)) {
        assertEquals(
            StoredDigest.of(repo, key), StoredDigest.of(replica, key), key + " differs in replica");
      }
      assertArrayEquals(
          repo.open(WalStatus.KEY).readAllBytes(), replica.open(WalStatus.KEY).readAllBytes());
      WalListing listing = replicaArchive.list();
      assertTrue(listing.historyTimelines().contains(2), "history file in the replica");
      assertTrue(listing.hasSegment(onTimeline1) && listing.hasSegment(onTimeline2));
      assertTrue(!listing.partials().isEmpty(), "partials in the replica");
      assertEquals(WalReplicator.Outcome.CURRENT, replicator.lastPass().outcome());

      // The replica is an archive on its own: deep verification and wal-fetch's resolution.
      WalVerifier.Report report = new WalVerifier(replicaArchive).verify(true);
      assertTrue(report.ok(), String.join("\n", report.lines()));
      String lastSegment = primaryStatus.lastSegment();
      WalFile resolved = replicaArchive.resolve(lastSegment).orElseThrow();
      ByteArrayOutputStream fetched = new ByteArrayOutputStream();
      replicaArchive.read(resolved, fetched);
      ByteArrayOutputStream fromPrimary = new ByteArrayOutputStream();
      primaryArchive.read(primaryArchive.resolve(lastSegment).orElseThrow(), fromPrimary);
      assertArrayEquals(fromPrimary.toByteArray(), fetched.toByteArray());
      System.out.printf(
          "replica identical to the primary: %d objects; test took %.1f s%n",
          walKeys(replica).size(), (System.nanoTime() - t0) / 1e9);
    }
  }

  /** (iii) the primary keeps its pace while the replica is down; the replica catches up after. */
  @Test
  void aReplicaThatIsDownDoesNotSlowThePrimaryAndCatchesUpWhenItReturns() throws Exception {
    long t0 = System.nanoTime();
    KeyProvider keys = keys();
    PgTarget pg = RealServers.superuser("postgres");
    String slot = "cadang_repl_down_" + NAMES.incrementAndGet();
    RealServers.S3Location primaryLoc = RealServers.newBucket(bucket("wal-prim"));
    String replicaBucket = bucket("wal-down");
    RealServers.s3().createBucket(replicaBucket);
    try (FaultInjectingHttpProxy proxy =
            FaultInjectingHttpProxy.start(RealServers.s3().endpoint());
        Repository repo = Repositories.open(primaryLoc.uri(), primaryLoc.env());
        Repository primaryForReplica = Repositories.open(primaryLoc.uri(), primaryLoc.env());
        Repository replica = Repositories.open(replicaUri(replicaBucket), primaryLoc.env())) {
      String throughProxy =
          "s3://"
              + replicaBucket
              + "/cadang?endpoint="
              + proxy.endpoint()
              + "&region=us-east-1&path-style=true";
      WalReplicator replicator =
          new WalReplicator(
              "flaky",
              primaryForReplica,
              () -> Repositories.open(throughProxy, primaryLoc.env()),
              Duration.ofSeconds(1));
      WalStreamer streamer =
          new WalStreamer(
              repo,
              keys,
              Clock.systemUTC(),
              new WalStreamer.Settings(
                  pg, null, slot, work.resolve("spool"), Duration.ofSeconds(1)),
              List.of(replicator));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t = run(streamer, failure);
      try {
        Sql.exec(pg, "CREATE TABLE IF NOT EXISTS wal_repl_down (v text)");
        Lsn first = currentLsn(pg);
        await("replica current", () -> archivedAtLeast(replica, first));
        List<Long> before = primaryLatencies(pg, repo, 3);

        proxy.failNextRequests(Integer.MAX_VALUE, 503);
        long downAt = System.nanoTime();
        List<Long> during = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          Sql.exec(
              pg, "INSERT INTO wal_repl_down SELECT repeat('d', 100) FROM generate_series(1, 500)");
          Sql.text(pg, "SELECT pg_walfile_name(pg_switch_wal())");
          during.addAll(primaryLatencies(pg, repo, 2));
        }
        Lsn whileDown = Lsn.parse(WalStatus.read(repo).orElseThrow().archivedLsn());
        double downSeconds = (System.nanoTime() - downAt) / 1e9;
        assertTrue(replicator.consecutiveFailures() > 0, "the replicator saw the outage");
        assertTrue(
            !archivedAtLeast(replica, whileDown), "the replica cannot have WAL from the outage");
        System.out.printf(
            "primary archive latency (write -> archivedLsn): replica up %s ms, replica down %s ms"
                + " (%.1f s outage, %d failed replica passes)%n",
            before, during, downSeconds, replicator.consecutiveFailures());
        long worstBefore = before.stream().mapToLong(Long::longValue).max().orElseThrow();
        for (long ms : during) {
          // Normal pace: within about two partial intervals, like with the replica up.
          assertTrue(ms < Math.max(3000, worstBefore * 2), "primary slowed down: " + during);
        }

        proxy.failNextRequests(0, 503);
        long upAt = System.nanoTime();
        await("replica catching up to " + whileDown, () -> archivedAtLeast(replica, whileDown));
        System.out.printf(
            "replica caught up %.1f s after it returned%n", (System.nanoTime() - upAt) / 1e9);
      } finally {
        streamer.requestStop();
        t.join(90_000);
        Sql.exec(
            pg,
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = '"
                + slot
                + "'");
      }
      assertNull(failure.get());
      assertEquals(walKeys(repo), walKeys(replica));
      assertArrayEquals(
          repo.open(WalStatus.KEY).readAllBytes(), replica.open(WalStatus.KEY).readAllBytes());
      System.out.printf("test took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
  }

  // ---- helpers ----

  /** Write a row, then time until the primary's status.json covers it; {@code n} samples. */
  private static List<Long> primaryLatencies(PgTarget pg, Repository repo, int n) throws Exception {
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Sql.exec(pg, "INSERT INTO wal_repl_down VALUES ('tick')");
      Lsn lsn = currentLsn(pg);
      long s = System.nanoTime();
      await("primary reaching " + lsn, () -> archivedAtLeast(repo, lsn));
      ms.add((System.nanoTime() - s) / 1_000_000);
    }
    return ms;
  }

  private static Lsn currentLsn(PgTarget pg) throws Exception {
    return Lsn.parse(Sql.text(pg, "SELECT pg_current_wal_lsn()::text"));
  }

  static String bucket(String stem) {
    return stem + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100000;
  }

  private static String replicaUri(String bucket) {
    return "s3://"
        + bucket
        + "/cadang?endpoint="
        + RealServers.s3().endpoint()
        + "&region=us-east-1&path-style=true";
  }

  static KeyProvider keys() throws Exception {
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    return LocalKeyProvider.fromBytes(master);
  }

  /** Every key under wal/ except status.json. */
  static Set<String> walKeys(Repository repo) throws Exception {
    Set<String> keys = new TreeSet<>();
    for (ObjectInfo o : repo.listObjects(WalFile.ROOT)) {
      if (!o.key().equals(WalStatus.KEY)) {
        keys.add(o.key());
      }
    }
    return keys;
  }

  static boolean archivedAtLeast(Repository repo, Lsn lsn) {
    try {
      Optional<WalStatus> s = WalStatus.read(repo);
      return s.isPresent() && Lsn.parse(s.get().archivedLsn()).compareTo(lsn) >= 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean has(WalArchive archive, String segment) {
    try {
      return archive.list().hasSegment(segment);
    } catch (Exception e) {
      return false;
    }
  }

  private static Thread run(WalStreamer streamer, AtomicReference<Throwable> failure) {
    Thread t =
        new Thread(
            () -> {
              try {
                streamer.run();
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "streamer");
    t.start();
    return t;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  static Map<String, String> env() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        RealServers.s3().accessKey(),
        "AWS_SECRET_ACCESS_KEY",
        RealServers.s3().secretKey());
  }
}
