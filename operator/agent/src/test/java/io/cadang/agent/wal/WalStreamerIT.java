package io.cadang.agent.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamer against a real PostgreSQL 15 and s3proxy: segments and partials arrive encrypted,
 * status.json follows the contract, a crash with the spool lost loses no WAL because the slot only
 * moves past stored segments, and conflicting content is refused and reported.
 */
class WalStreamerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static int buckets;

  @TempDir Path work;
  private final PgTarget pg = RealServers.superuser("postgres");
  private Repository repo;
  private KeyProvider keys;
  private String slot;
  private final List<Thread> threads = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    String bucket = "wal-stream-" + (++buckets) + "-" + System.nanoTime() % 100000;
    RealServers.S3Location s3 = RealServers.newBucket(bucket);
    repo = Repositories.open(s3.uri(), s3.env());
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    keys = LocalKeyProvider.fromBytes(master);
    slot = "cadang_test_" + buckets;
    Sql.exec(pg, "CREATE TABLE IF NOT EXISTS wal_filler (id serial, pad text)");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Thread t : threads) {
      t.join(30_000);
    }
    Sql.exec(
        pg,
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
            + " WHERE slot_name = '"
            + slot
            + "'");
    repo.close();
  }

  @Test
  void uploadsSegmentsAndPartialsEncryptedWithContractStatus() throws Exception {
    WalStreamer streamer = streamer(work.resolve("spool"));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = run(streamer, failure);
    WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());

    // A complete segment: pg_switch_wal ends the current one.
    Sql.exec(
        pg, "INSERT INTO wal_filler (pad) SELECT repeat('x', 200) FROM generate_series(1, 2000)");
    String switched = Sql.text(pg, "SELECT pg_walfile_name(pg_switch_wal())");
    awaitTrue("segment " + switched + " archived", () -> listing(archive).hasSegment(switched));

    // An idle server: a little WAL in the next segment arrives as a partial within the interval.
    Sql.exec(pg, "INSERT INTO wal_filler (pad) VALUES ('after the switch')");
    Lsn target = Lsn.parse(Sql.text(pg, "SELECT pg_current_wal_lsn()::text"));
    String current = Sql.text(pg, "SELECT pg_walfile_name(pg_current_wal_lsn())");
    long t0 = System.nanoTime();
    awaitTrue(
        "archive reaches " + target,
        () ->
            status(archive) != null
                && Lsn.parse(status(archive).archivedLsn()).compareTo(target) >= 0);
    System.out.printf(
        "partial up to %s archived %d ms after the write%n",
        target, (System.nanoTime() - t0) / 1_000_000);
    assertTrue(listing(archive).newestPartial(current).isPresent(), "partial of " + current);

    // status.json has exactly the contract's fields.
    JsonNode status = JSON.readTree(repo.open(WalStatus.KEY).readAllBytes());
    assertEquals(
        new TreeSet<>(
            Set.of(
                "formatVersion",
                "systemIdentifier",
                "slot",
                "timeline",
                "lastSegment",
                "archivedLsn",
                "archivedAt",
                "serverLsn",
                "updatedAt",
                "partialIntervalSeconds",
                "error",
                "gap")),
        fieldNames(status));
    assertEquals(
        Sql.text(pg, "SELECT system_identifier::text FROM pg_control_system()"),
        status.get("systemIdentifier").asText());
    assertEquals(slot, status.get("slot").asText());
    assertEquals(current, status.get("lastSegment").asText());
    assertTrue(status.get("error").isNull());
    assertEquals(1, status.get("partialIntervalSeconds").asInt());

    // A complete segment's descriptor, and the bytes: exactly the server's segment, encrypted.
    String descKey = "wal/" + switched.substring(0, 8) + "/" + switched + ".json";
    JsonNode desc = JSON.readTree(repo.open(descKey).readAllBytes());
    assertEquals(
        new TreeSet<>(
            Set.of(
                "formatVersion",
                "name",
                "timeline",
                "partialEnd",
                "rawBytes",
                "rawSha256",
                "storedBytes",
                "storedSha256",
                "archivedAt",
                "wrappedKey")),
        fieldNames(desc));
    assertEquals(16L << 20, desc.get("rawBytes").asLong());
    assertTrue(desc.get("partialEnd").isNull());
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    archive.read(WalFile.segment(switched), plain);
    byte[] segment = plain.toByteArray();
    assertEquals(0xD110, (segment[0] & 0xFF) | (segment[1] & 0xFF) << 8, "WAL page magic");
    byte[] stored =
        repo.open("wal/" + switched.substring(0, 8) + "/" + switched + ".zst.cdg").readAllBytes();
    assertEquals(desc.get("storedBytes").asLong(), stored.length);
    // The first page header (magic, timeline, page address) never appears in clear.
    assertFalse(
        indexOf(stored, java.util.Arrays.copyOf(segment, 16)) >= 0,
        "plaintext WAL header in stored object");
    assertFalse(indexOf(stored, "after the switch".getBytes()) >= 0);

    // A partial's descriptor names its end; its object is padded to the segment size.
    int end = listing(archive).newestPartial(current).orElseThrow();
    JsonNode pdesc =
        JSON.readTree(repo.open(WalFile.partial(current, end).descriptorKey()).readAllBytes());
    assertEquals(end, pdesc.get("partialEnd").asInt());
    assertEquals(current + ".partial", pdesc.get("name").asText());
    assertEquals(16L << 20, pdesc.get("rawBytes").asLong());

    streamer.requestStop();
    t.join(60_000);
    assertNull(failure.get());
    assertNull(status(archive).error());
  }

  @Test
  void crashWithLostSpoolLosesNoWalBecauseTheSlotOnlyMovesPastStoredSegments() throws Exception {
    WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());
    WalStreamer first = streamer(work.resolve("spool-1"));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = run(first, failure);
    awaitTrue("streamer started", () -> first.receiverPid() > 0 && status(archive) != null);
    Lsn start =
        Lsn.parse(status(archive).archivedLsn()).compareTo(Lsn.ZERO) > 0
            ? Lsn.parse(status(archive).archivedLsn())
            : restartLsn();
    String firstSwitched = null;
    for (int i = 0; i < 2; i++) {
      Sql.exec(
          pg, "INSERT INTO wal_filler (pad) SELECT repeat('y', 100) FROM generate_series(1, 1000)");
      firstSwitched = Sql.text(pg, "SELECT pg_walfile_name(pg_switch_wal())");
    }
    String lastBeforeCrash = firstSwitched;
    awaitTrue("segments archived", () -> listing(archive).hasSegment(lastBeforeCrash));
    first.crash();
    t.join(60_000);
    assertNull(failure.get());

    // While the streamer is down the server writes three segments; the slot holds them.
    Lsn archivedEnd = Lsn.parse(status(archive).archivedLsn());
    List<String> writtenWhileDown = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Sql.exec(
          pg, "INSERT INTO wal_filler (pad) SELECT repeat('z', 100) FROM generate_series(1, 1000)");
      writtenWhileDown.add(Sql.text(pg, "SELECT pg_walfile_name(pg_switch_wal())"));
    }
    Sql.exec(pg, "CHECKPOINT");
    Lsn slotWhileDown = restartLsn();
    assertTrue(
        slotWhileDown.compareTo(archivedEnd) <= 0,
        "slot at " + slotWhileDown + " must not pass the archived end " + archivedEnd);
    assertFalse(listing(archive).hasSegment(writtenWhileDown.get(0)));

    // Restart with an EMPTY spool: streaming resumes at the slot, nothing is missing.
    WalStreamer second = streamer(work.resolve("spool-2"));
    Thread t2 = run(second, failure);
    String last = writtenWhileDown.get(2);
    awaitTrue("segments written while down archived", () -> listing(archive).hasSegment(last));
    WalChain.Result chain = WalChain.check(listing(archive), 1, start);
    assertTrue(chain.ok(), "chain: " + chain.firstGap());
    assertTrue(chain.segmentCount(WalSegments.DEFAULT) >= 5, "segments in chain: " + chain);
    for (String s : writtenWhileDown) {
      assertTrue(listing(archive).hasSegment(s), s);
    }
    // Now stored, the slot moves past them.
    awaitTrue(
        "slot advanced",
        () -> {
          try {
            return restartLsn()
                    .compareTo(WalSegments.DEFAULT.startOf(WalSegments.DEFAULT.segmentOf(last) + 1))
                >= 0;
          } catch (Exception e) {
            return false;
          }
        });

    // Deleting one segment object: the chain check names that gap.
    String victim = writtenWhileDown.get(1);
    repo.delete(WalFile.segment(victim).descriptorKey());
    repo.delete(WalFile.segment(victim).dataKey());
    WalChain.Result broken = WalChain.check(listing(archive), 1, start);
    assertFalse(broken.ok());
    assertEquals(
        "missing " + victim + " (timeline 1) between " + writtenWhileDown.get(0) + " and " + last,
        broken.firstGap());
    second.requestStop();
    t2.join(60_000);
    assertNull(failure.get());
  }

  @Test
  void aSegmentLostFromTheRepositoryIsReportedInStatus() throws Exception {
    WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());
    WalStreamer streamer = streamer(work.resolve("spool"));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = run(streamer, failure);
    List<String> switched = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Sql.exec(pg, "INSERT INTO wal_filler (pad) VALUES ('gap " + i + "')");
      switched.add(Sql.text(pg, "SELECT pg_walfile_name(pg_switch_wal())"));
    }
    awaitTrue("segments archived", () -> listing(archive).hasSegment(switched.get(2)));
    assertNull(status(archive).gap());

    WalFile lost = WalFile.segment(switched.get(1));
    repo.delete(lost.descriptorKey());
    repo.delete(lost.dataKey());
    awaitTrue("gap reported", () -> status(archive).gap() != null);
    assertTrue(status(archive).gap().contains("missing " + switched.get(1)), status(archive).gap());
    streamer.requestStop();
    t.join(60_000);
    assertNull(failure.get());
  }

  @Test
  void killedReceiverIsRestartedAndReported() throws Exception {
    WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());
    WalStreamer streamer = streamer(work.resolve("spool"));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = run(streamer, failure);
    awaitTrue("streamer started", () -> streamer.receiverPid() > 0);
    long pid = streamer.receiverPid();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    awaitTrue("error reported", () -> status(archive) != null && status(archive).error() != null);
    assertTrue(status(archive).error().startsWith("pg_receivewal exited"), status(archive).error());
    awaitTrue("restarted", () -> streamer.receiverPid() > 0 && streamer.receiverPid() != pid);
    Sql.exec(pg, "INSERT INTO wal_filler (pad) VALUES ('after the kill')");
    String switched = Sql.text(pg, "SELECT pg_walfile_name(pg_switch_wal())");
    awaitTrue("archived after restart", () -> listing(archive).hasSegment(switched));
    awaitTrue("error cleared", () -> status(archive).error() == null);
    streamer.requestStop();
    t.join(60_000);
    assertNull(failure.get());
  }

  @Test
  void conflictingContentIsRefusedAndReported() throws Exception {
    WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());
    byte[] content = new byte[16 << 20];
    new SecureRandom().nextBytes(content);
    WalFile someFile = WalFile.segment("0000000100000000000000F0");
    assertTrue(archive.upload(someFile, content).written());
    assertFalse(archive.upload(someFile, content).written(), "same content: no write");
    byte[] other = content.clone();
    other[12345] ^= 1;
    WalConflict c = assertThrows(WalConflict.class, () -> archive.upload(someFile, other));
    // Upload latency of a partial as the streamer sends it: 64 KiB of WAL, zero padded.
    byte[] partial = java.util.Arrays.copyOf(java.util.Arrays.copyOf(content, 65536), 16 << 20);
    long best = Long.MAX_VALUE;
    for (int i = 1; i <= 5; i++) {
      long t0 = System.nanoTime();
      archive.upload(WalFile.partial("0000000100000000000000F1", i * 65536 / 5), partial);
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf(
        "partial upload to s3proxy (16 MiB padded, 64 KiB WAL): best of 5 %d ms%n",
        best / 1_000_000);
    assertTrue(
        c.getMessage().startsWith("WalConflict: 0000000100000000000000F0 is already archived"));

    // The streamer meets a conflicting segment: it reports it and stops with an error.
    Sql.exec(pg, "INSERT INTO wal_filler (pad) VALUES ('conflict')");
    String next = Sql.text(pg, "SELECT pg_walfile_name(pg_current_wal_lsn())");
    archive.upload(WalFile.segment(next), content);
    WalStreamer streamer = streamer(work.resolve("spool"));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = run(streamer, failure);
    Sql.text(pg, "SELECT pg_switch_wal()");
    t.join(60_000);
    assertTrue(failure.get() instanceof WalConflict, String.valueOf(failure.get()));
    assertTrue(status(archive).error().startsWith("WalConflict: " + next), status(archive).error());
  }

  @Test
  void refusesARepositoryOfAnotherSystem() throws Exception {
    WalArchive archive = new WalArchive(repo, keys, Clock.systemUTC());
    archive.writeStatus(
        new WalStatus(1, "123", "x", 1, null, "0/0", null, "0/0", null, 10, null, null));
    WalStreamException e =
        assertThrows(WalStreamException.class, () -> streamer(work.resolve("s")).run());
    assertTrue(e.getMessage().contains("holds the WAL of system 123"), e.getMessage());
  }

  private WalStreamer streamer(Path spool) {
    return new WalStreamer(
        repo,
        keys,
        Clock.systemUTC(),
        new WalStreamer.Settings(pg, null, slot, spool, Duration.ofSeconds(1)));
  }

  private Thread run(WalStreamer streamer, AtomicReference<Throwable> failure) {
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
    threads.add(t);
    return t;
  }

  private Lsn restartLsn() throws Exception {
    return Lsn.parse(
        Sql.text(
            pg,
            "SELECT restart_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));
  }

  private static WalListing listing(WalArchive archive) {
    try {
      return archive.list();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static WalStatus status(WalArchive archive) {
    try {
      return archive.status().orElse(null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }
}
