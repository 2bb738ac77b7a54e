package io.cadang.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.postgres.CopyDigest;
import io.cadang.agent.postgres.CopyDigests;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dump stream's digests against real pg_dump archives: the same whatever the read sizes, equal
 * to {@code COPY ... TO STDOUT} of the source table, and absent (never wrong) for an archive that
 * is compressed or cut short.
 */
class DumpDataDigestsTest {
  private static final String DB = "digests_src";
  @TempDir static Path dir;
  private static byte[] archive;

  @BeforeAll
  static void dumpASmallDatabase() throws Exception {
    PgTarget server = RealServers.superuser("postgres");
    Sql.exec(server, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
    Sql.exec(
        server.withDatabase(DB),
        "CREATE TABLE a (id int PRIMARY KEY, v text, g int GENERATED ALWAYS AS (id * 2) STORED)",
        "INSERT INTO a (id, v) SELECT g, E'x\\\\.\\n' || g FROM generate_series(1, 3000) g",
        "CREATE TABLE \"Odd Name\" (t timestamptz, b bytea)",
        "INSERT INTO \"Odd Name\" SELECT now() - g * interval '1 min', '\\\\x00ff'"
            + " FROM generate_series(1, 10) g",
        "CREATE TABLE nothing (id int)",
        "SELECT lo_from_bytea(0, 'a large object')");
    archive = dump("0");
  }

  private static byte[] dump(String compress) throws Exception {
    Path out = dir.resolve("dump-" + compress);
    Map<String, String> env = new HashMap<>(RealServers.superuser(DB).libpqEnvironment());
    env.putAll(CopyDigests.DUMP_ENVIRONMENT);
    ProcessBuilder pb =
        new ProcessBuilder(
                PgTools.newest(null).tool("pg_dump").toString(),
                "--format=custom",
                "--compress=" + compress,
                "--file=" + out)
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    return Files.readAllBytes(out);
  }

  private static Map<DumpDataDigests.TableKey, String> digest(byte[] bytes, Random pieces) {
    DumpDataDigests d = new DumpDataDigests();
    int i = 0;
    while (i < bytes.length) {
      int n = pieces == null ? bytes.length : 1 + pieces.nextInt(9000);
      n = Math.min(n, bytes.length - i);
      d.feed(bytes, i, n);
      i += n;
    }
    Map<DumpDataDigests.TableKey, String> out = new HashMap<>();
    d.digests()
        .orElseThrow(() -> new AssertionError(d.failure()))
        .forEach((k, v) -> out.put(k, v.value()));
    return out;
  }

  @Test
  void everyTableIsDigestedTheSameWhateverTheReadSizes() {
    Map<DumpDataDigests.TableKey, String> whole = digest(archive, null);
    assertEquals(3, whole.size(), whole.toString());
    for (long seed = 1; seed <= 5; seed++) {
      assertEquals(whole, digest(archive, new Random(seed)), "seed " + seed);
    }
    DumpDataDigests bytewise = new DumpDataDigests();
    for (int i = 0; i < archive.length; i++) {
      bytewise.feed(archive, i, 1);
    }
    assertEquals(
        whole.get(new DumpDataDigests.TableKey("public", "a")),
        bytewise.digests().orElseThrow().get(new DumpDataDigests.TableKey("public", "a")).value());
  }

  @Test
  void aDigestEqualsWhatCopyToStdoutOfTheSourceTableGives() throws Exception {
    Map<DumpDataDigests.TableKey, String> whole = digest(archive, null);
    try (Connection c = PgConnections.open(RealServers.superuser(DB))) {
      CopyDigests.dumpTextOutput(c);
      for (String[] t :
          List.of(
              new String[] {"public", "a"},
              new String[] {"public", "Odd Name"},
              new String[] {"public", "nothing"})) {
        CopyDigest fromTable = CopyDigests.measure(c, t[0], t[1]);
        assertEquals(fromTable.value(), whole.get(new DumpDataDigests.TableKey(t[0], t[1])), t[1]);
      }
      assertTrue(CopyDigests.measure(c, "public", "a").value().startsWith("copycrc32c:"));
    }
  }

  @Test
  void aCompressedOrTruncatedArchiveGivesNoDigestsAtAll() throws Exception {
    DumpDataDigests compressed = new DumpDataDigests();
    byte[] z = dump("6");
    compressed.feed(z, 0, z.length);
    assertTrue(compressed.digests().isEmpty());
    assertEquals("a compressed archive", compressed.failure());

    DumpDataDigests cut = new DumpDataDigests();
    cut.feed(archive, 0, archive.length - 3);
    assertTrue(cut.digests().isEmpty(), "ended inside a block");

    DumpDataDigests garbage = new DumpDataDigests();
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    garbage.feed(noise, 0, noise.length);
    assertTrue(garbage.digests().isEmpty());
  }

  @Test
  void theEndOfDataMarkerIsLeftOutWhereverTheChunksSplit() {
    byte[] rows = "1\ta\n2\tb\n".getBytes(StandardCharsets.US_ASCII);
    CopyDigest expected = new CopyDigest();
    expected.update(rows, 0, rows.length);
    byte[] all = "1\ta\n2\tb\n\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);
    for (int split = 0; split <= all.length; split++) {
      CopyDigest got = new CopyDigest();
      DumpDataDigests.HeldTail tail = new DumpDataDigests.HeldTail();
      tail.add(got, all, 0, split);
      tail.add(got, all, split, all.length - split);
      tail.finish(got);
      assertEquals(expected.value(), got.value(), "split at " + split);
    }
    // An escaped backslash before a dot is data, not the marker.
    byte[] data = "x\\\\.\n".getBytes(StandardCharsets.US_ASCII);
    CopyDigest kept = new CopyDigest();
    DumpDataDigests.HeldTail tail = new DumpDataDigests.HeldTail();
    tail.add(kept, data, 0, data.length);
    tail.finish(kept);
    CopyDigest whole = new CopyDigest();
    whole.update(data, 0, data.length);
    assertEquals(whole.value(), kept.value());
    List<String> unused = new ArrayList<>();
    assertTrue(unused.isEmpty());
  }
}
