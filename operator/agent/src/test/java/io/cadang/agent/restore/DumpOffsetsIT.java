package io.cadang.agent.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.local.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DumpOffsets} on real pg_dump output: a custom-format archive written to a pipe gets the
 * same data offsets pg_dump records for a seekable file, and pg_restore -j2 restores it.
 */
class DumpOffsetsIT {
  private static final String DB = "shop_toc";
  private static final String[] TABLES = {
    "sales.customers", "sales.orders", "\"inventário\".\"preços\"", "public.documents"
  };

  private static PgTarget server;
  private static Path piped;
  private static Path seekable;
  private static Path gzipPiped;

  @TempDir Path work;

  @BeforeAll
  static void dumpOnce(@TempDir Path shared) throws Exception {
    server = RealServers.superuser("postgres");
    SampleData.create(server, DB, 20_000);
    piped = shared.resolve("piped.dump");
    pipeTo(piped, pgDump("-Fc", "-Z0"));
    seekable = shared.resolve("seekable.dump");
    List<String> direct = pgDump("-Fc", "-Z0");
    direct.add("--file=" + seekable);
    run(direct, null);
    gzipPiped = shared.resolve("gzip.dump");
    pipeTo(gzipPiped, pgDump("-Fc"));
  }

  @Test
  void pipedArchiveGetsTheOffsetsPgDumpWritesForASeekableFile() throws Exception {
    Path archive = copy(piped, "a.dump");
    String list = run(List.of(tool("pg_restore"), "--list", archive.toString()), null);
    long dataEntries =
        list.lines()
            .filter(l -> !l.startsWith(";"))
            .filter(l -> l.contains(" TABLE DATA ") || l.contains(" BLOBS "))
            .count();
    assertTrue(dataEntries >= 5, list);
    for (DumpOffsets.Entry e : DumpOffsets.read(archive)) {
      assertEquals(DumpOffsets.OFFSET_POS_NOT_SET, e.flag(), "piped archive: " + e);
    }
    byte[] before = Files.readAllBytes(archive);

    int patched = DumpOffsets.index(archive);

    assertEquals(dataEntries, patched);
    byte[] after = Files.readAllBytes(archive);
    assertEquals(before.length, after.length);
    List<DumpOffsets.Entry> entries = DumpOffsets.read(archive);
    assertNotNull(entries);
    for (int i = 0; i < before.length; i++) {
      if (before[i] != after[i]) {
        int at = i;
        assertTrue(
            entries.stream().anyMatch(e -> at >= e.fieldPos() && at < e.fieldPos() + 9),
            "byte " + i + " changed outside an offset field");
      }
    }
    Map<Integer, Long> expected = new HashMap<>();
    for (DumpOffsets.Entry e : DumpOffsets.read(seekable)) {
      assertEquals(DumpOffsets.OFFSET_POS_SET, e.flag(), "seekable archive: " + e);
      expected.put(e.dumpId(), e.offset());
    }
    assertEquals(expected.size(), entries.size());
    for (DumpOffsets.Entry e : entries) {
      assertEquals(DumpOffsets.OFFSET_POS_SET, e.flag());
      assertEquals(e.blockStart(), e.offset());
      assertEquals(expected.get(e.dumpId()), e.offset(), "dump id " + e.dumpId());
    }
    run(List.of(tool("pg_restore"), "--list", archive.toString()), null);

    // A second run finds nothing left to do and changes nothing.
    assertEquals(0, DumpOffsets.index(archive));
    assertArrayEquals(after, Files.readAllBytes(archive));
  }

  @Test
  void parallelRestoreOfThePatchedArchive() throws Exception {
    Path archive = copy(piped, "b.dump");
    assertTrue(DumpOffsets.index(archive) > 0);
    String target = "shop_toc_restored";
    Sql.exec(server, "CREATE DATABASE " + target + " TEMPLATE template0 ENCODING 'UTF8'");
    run(
        List.of(
            tool("pg_restore"),
            "--jobs=2",
            "--exit-on-error",
            "--no-owner",
            "--dbname=" + target,
            archive.toString()),
        null);
    PgTarget source = server.withDatabase(DB);
    PgTarget restored = server.withDatabase(target);
    for (String table : TABLES) {
      String count = "SELECT count(*) FROM " + table;
      assertEquals(Sql.number(source, count), Sql.number(restored, count), table);
      String md5 = "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + table + " t";
      assertEquals(Sql.text(source, md5), Sql.text(restored, md5), table);
    }
    String lo = "SELECT md5(lo_get(content)) FROM public.documents WHERE id = 1";
    assertEquals(Sql.text(source, lo), Sql.text(restored, lo));
  }

  @Test
  void notAnArchiveIsLeftUntouched() throws Exception {
    Path file = work.resolve("notes.txt");
    Files.writeString(file, "PGDMP is not what this is\n".repeat(1000));
    assertUntouched(file);
    Path empty = Files.createFile(work.resolve("empty"));
    assertUntouched(empty);
  }

  @Test
  void truncatedArchiveIsLeftUntouched() throws Exception {
    byte[] whole = Files.readAllBytes(piped);
    List<DumpOffsets.Entry> entries = DumpOffsets.read(piped);
    long firstBlock = entries.stream().mapToLong(DumpOffsets.Entry::blockStart).min().orElseThrow();
    long[] cuts = {10, 200, firstBlock - 3, firstBlock + 3, whole.length / 2, whole.length - 1};
    for (long cut : cuts) {
      Path file = work.resolve("cut-" + cut);
      Files.write(file, java.util.Arrays.copyOf(whole, (int) cut));
      assertNull(DumpOffsets.read(file), "cut at " + cut);
      assertUntouched(file);
    }
  }

  @Test
  void compressedArchiveIsLeftUntouched() throws Exception {
    Path archive = copy(gzipPiped, "gz.dump");
    assertUntouched(archive);
    run(List.of(tool("pg_restore"), "--list", archive.toString()), null);
  }

  /**
   * pg_restore -j2 of a large piped dump, before and after indexing. Slow; run with
   * -Dcadang.bench=true.
   */
  @Test
  @EnabledIfSystemProperty(named = "cadang.bench", matches = "true")
  void benchParallelRestore() throws Exception {
    String db = "shop_toc_bench";
    SampleData.create(server, db, Integer.getInteger("cadang.bench.customers", 600_000));
    Path archive = work.resolve("bench.dump");
    List<String> dump = new ArrayList<>(List.of(tool("pg_dump"), "-Fc", "-Z0", "--dbname=" + db));
    pipeTo(archive, dump);
    long size = Files.size(archive);
    long plain = timedRestore(archive, db + "_plain");
    long t0 = System.nanoTime();
    int n = DumpOffsets.index(archive);
    long indexMs = (System.nanoTime() - t0) / 1_000_000;
    long indexed = timedRestore(archive, db + "_indexed");
    System.out.printf(
        "bench: %d MB piped dump; pg_restore -j2 %d ms unindexed, %d ms indexed; index() %d ms"
            + " for %d blocks%n",
        size >> 20, plain, indexed, indexMs, n);
  }

  private static long timedRestore(Path archive, String target) throws Exception {
    Sql.exec(server, "CREATE DATABASE " + target + " TEMPLATE template0 ENCODING 'UTF8'");
    long t0 = System.nanoTime();
    run(
        List.of(
            tool("pg_restore"),
            "--jobs=2",
            "--exit-on-error",
            "--no-owner",
            "--dbname=" + target,
            archive.toString()),
        null);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void assertUntouched(Path file) throws IOException {
    byte[] before = Files.readAllBytes(file);
    assertEquals(0, DumpOffsets.index(file), file.toString());
    assertArrayEquals(before, Files.readAllBytes(file), file.toString());
  }

  private Path copy(Path from, String name) throws IOException {
    Path to = work.resolve(name);
    Files.copy(from, to);
    return to;
  }

  private static String tool(String name) {
    return RealServers.postgres().binDir().resolve(name).toString();
  }

  private static List<String> pgDump(String... options) {
    List<String> cmd = new ArrayList<>();
    cmd.add(tool("pg_dump"));
    cmd.addAll(List.of(options));
    cmd.add("--dbname=" + DB);
    return cmd;
  }

  /** Runs pg_dump with its stdout a pipe read here, as in a backup — not a seekable file. */
  private static void pipeTo(Path file, List<String> cmd) throws Exception {
    run(cmd, file);
  }

  private static String run(List<String> cmd, Path stdoutTo) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(server.libpqEnvironment());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    String out;
    if (stdoutTo != null) {
      try (InputStream in = p.getInputStream();
          OutputStream o = Files.newOutputStream(stdoutTo)) {
        in.transferTo(o);
      }
      out = "";
    } else {
      out = drain(p.getInputStream());
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
    assertEquals(0, p.exitValue(), cmd + ": " + err.get());
    return out;
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
