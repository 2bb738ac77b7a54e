package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalArchive;
import io.cadang.agent.wal.WalFile;
import io.cadang.agent.wal.WalSegments;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cadang wal-fetch} as PostgreSQL's restore_command sees it: exit 0 with the exact bytes, 1
 * for a file the archive does not have, 126 for a damaged object or a wrong key, the newest partial
 * under the segment's name, and prefetched segments in the spool.
 */
class WalFetchIT {
  private static final int SEGMENT = 16 << 20;

  @TempDir Path work;
  private Path keyFile;
  private String repoUri;
  private Repository repo;
  private WalArchive archive;
  private final Cadang cadang = Cadang.withEnvironment(Map.of());

  @BeforeEach
  void setUp() throws Exception {
    keyFile = work.resolve("master.key");
    LocalKeyProvider.generateKeyFile(keyFile);
    Path repoDir = work.resolve("repo");
    repoUri = repoDir.toUri().toString();
    repo = Repositories.open(repoUri, Map.of());
    archive = new WalArchive(repo, LocalKeyProvider.fromFile(keyFile), Clock.systemUTC());
  }

  @Test
  void writesTheExactSegmentAndSaysWhenOneIsMissing() throws Exception {
    byte[] segment = fakeSegment(3);
    archive.upload(WalFile.segment(name(3)), segment);
    Path dest = work.resolve("RECOVERYXLOG");

    assertEquals(0, fetch(name(3), dest).exitCode());
    assertArrayEquals(segment, Files.readAllBytes(dest));

    Cadang.Result missing = fetch(name(4), work.resolve("other"));
    assertEquals(1, missing.exitCode(), missing.toString());
    assertFalse(Files.exists(work.resolve("other")));
    assertEquals(
        1, fetch("000000010000000000000003.00000028.backup", work.resolve("x")).exitCode());
  }

  @Test
  void corruptedObjectOrWrongKeyAbortsRecovery() throws Exception {
    archive.upload(WalFile.segment(name(5)), fakeSegment(5));
    Path stored = work.resolve("repo").resolve(WalFile.segment(name(5)).dataKey());
    try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x40);
    }
    Path dest = work.resolve("RECOVERYXLOG");
    Cadang.Result r = fetch(name(5), dest);
    assertEquals(126, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("cadang: error: "), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertFalse(Files.exists(dest), "nothing written for a damaged segment");

    archive.upload(WalFile.segment(name(6)), fakeSegment(6));
    Path otherKey = work.resolve("other.key");
    LocalKeyProvider.generateKeyFile(otherKey);
    Cadang.Result wrongKey =
        cadang.run(
            "wal-fetch",
            "--repo",
            repoUri,
            "--key-file",
            otherKey.toString(),
            name(6),
            dest.toString());
    assertEquals(126, wrongKey.exitCode(), wrongKey.toString());
  }

  /**
   * A JVM whose temporary directory cannot be written cannot unpack zstd's native library: an
   * Error, not an Exception. Uncaught it exits 1, which PostgreSQL reads as "end of WAL" and ends
   * recovery early without a word (found on the real control plane, where the server's user could
   * not write the pod's /tmp). It must abort recovery like any other fetch failure.
   */
  @Test
  void aCodecThatCannotLoadAbortsRecoveryInsteadOfEndingItEarly() throws Exception {
    archive.upload(WalFile.segment(name(7)), fakeSegment(7));
    Path dest = work.resolve("RECOVERYXLOG");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + work.resolve("no-such-directory"),
                "-cp",
                System.getProperty("java.class.path"),
                CadangMain.class.getName(),
                "wal-fetch",
                "--repo",
                repoUri,
                "--key-file",
                keyFile.toString(),
                name(7),
                dest.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(126, p.waitFor(), output);
    assertEquals(1, output.lines().count(), output);
    assertTrue(output.startsWith("cadang: error: internal error: "), output);
    assertTrue(output.contains("zstd"), output);
    assertFalse(Files.exists(dest), "nothing written");
  }

  @Test
  void servesTheNewestPartialUnderTheSegmentNameAndHistoryFiles() throws Exception {
    byte[] full = fakeSegment(7);
    byte[] older = Arrays.copyOf(Arrays.copyOf(full, 8192), SEGMENT);
    byte[] newer = Arrays.copyOf(Arrays.copyOf(full, 3 * 8192), SEGMENT);
    archive.upload(WalFile.partial(name(7), 8192), older);
    archive.upload(WalFile.partial(name(7), 3 * 8192), newer);
    Path dest = work.resolve("RECOVERYXLOG");
    assertEquals(0, fetch(name(7), dest).exitCode());
    assertArrayEquals(newer, Files.readAllBytes(dest));
    assertFalse(
        Files.exists(work.resolve("repo").resolve(WalFile.partial(name(7), 8192).descriptorKey())),
        "the older partial is removed once the newer one is durable");

    byte[] history =
        "1\t0/5000000\tno recovery target specified\n".getBytes(StandardCharsets.UTF_8);
    archive.upload(WalFile.history(2), history);
    assertEquals(0, fetch("00000002.history", dest).exitCode());
    assertArrayEquals(history, Files.readAllBytes(dest));
    assertEquals(1, fetch("00000003.history", dest).exitCode());
  }

  @Test
  void prefetchFillsTheSpoolAndLaterCallsUseIt() throws Exception {
    int count = 24;
    for (int i = 1; i <= count; i++) {
      archive.upload(WalFile.segment(name(0x10 + i)), fakeSegment(0x10 + i));
    }
    Path spool = work.resolve("spool");
    Path dest = work.resolve("RECOVERYXLOG");
    Cadang.Result first =
        cadang.run(
            "wal-fetch",
            "--repo",
            repoUri,
            "--key-file",
            keyFile.toString(),
            "--spool-dir",
            spool.toString(),
            "--prefetch",
            "8",
            name(0x11),
            dest.toString());
    assertEquals(0, first.exitCode(), first.toString());
    for (int i = 2; i <= 9; i++) {
      assertTrue(Files.exists(spool.resolve(name(0x10 + i))), "prefetched " + name(0x10 + i));
    }
    assertFalse(Files.exists(spool.resolve(name(0x1A))), "only 8 ahead");
    // The next call is served from the spool: it works even with the object gone from the repo.
    repo.delete(WalFile.segment(name(0x12)).dataKey());
    assertEquals(0, fetch(name(0x12), dest, "--spool-dir", spool.toString()).exitCode());
    assertArrayEquals(fakeSegment(0x12), Files.readAllBytes(dest));
    assertFalse(Files.exists(spool.resolve(name(0x12))), "moved, not copied");

    // Throughput, as recovery would drive it: one call per segment, in order.
    long t0 = System.nanoTime();
    for (int i = 3; i <= count; i++) {
      Cadang.Result r = fetch(name(0x10 + i), dest, "--spool-dir", spool.toString());
      assertEquals(0, r.exitCode(), r.toString());
    }
    double withPrefetch = (count - 2) / ((System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    for (int i = 3; i <= count; i++) {
      assertEquals(0, fetch(name(0x10 + i), dest).exitCode());
    }
    double without = (count - 2) / ((System.nanoTime() - t0) / 1e9);
    System.out.printf(
        "wal-fetch in-process, file repository: %.1f segments/s with prefetch 8, %.1f without%n",
        withPrefetch, without);
  }

  private Cadang.Result fetch(String name, Path dest, String... extra) {
    return cadang.run(
        Cadang.args(
            "wal-fetch",
            "--repo",
            repoUri,
            "--key-file",
            keyFile.toString(),
            extra,
            name,
            dest.toString()));
  }

  private static String name(int segment) {
    return WalSegments.DEFAULT.name(1, segment);
  }

  /** Segment-sized, mostly zeros like real WAL tails, with deterministic noise per segment. */
  static byte[] fakeSegment(int seed) {
    byte[] b = new byte[SEGMENT];
    Random r = new Random(seed);
    for (int page = 0; page < SEGMENT; page += 8192) {
      b[page] = 0x10;
      b[page + 1] = (byte) 0xD1;
      byte[] noise = new byte[512];
      r.nextBytes(noise);
      System.arraycopy(noise, 0, b, page + 24, noise.length);
    }
    return b;
  }
}
