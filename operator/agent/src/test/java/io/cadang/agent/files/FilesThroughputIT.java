package io.cadang.agent.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.repository.FileRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup throughput of a ~500 MB tree (500 files of 1 MiB, half random and half repetitive so zstd
 * has real work). Opt-in ({@code -Dcadang.filesBench=true}) because it writes a gigabyte to disk;
 * the figure is printed for docs/files.md.
 */
class FilesThroughputIT {
  @TempDir Path work;

  @Test
  void backupOfAHalfGigabyteTree() throws Exception {
    assumeTrue(Boolean.getBoolean("cadang.filesBench"), "opt-in benchmark");
    Path source = Files.createDirectories(work.resolve("source"));
    SplittableRandom random = new SplittableRandom(7);
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < 500; i++) {
      for (int j = 0; j < block.length; j += 8) {
        long v = j < block.length / 2 ? random.nextLong() : j % 4096;
        for (int k = 0; k < 8; k++) {
          block[j + k] = (byte) (v >>> (8 * k));
        }
      }
      Files.write(source.resolve(String.format("d%02d-f%03d.bin", i % 20, i)), block);
    }
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);

    long t0 = System.nanoTime();
    BackupManifest m =
        new FilesBackup(
                new FileRepository(work.resolve("repo")),
                LocalKeyProvider.fromBytes(key),
                Clock.systemUTC(),
                Duration.ofMinutes(1))
            .run(
                new FilesBackupRequest(
                    source, List.of(), List.of(), null, CompressionSettings.defaults()));
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertEquals(500, m.files().regularFiles());
    System.out.printf(
        "FILES-BENCH: %d MB in %.2f s = %.1f MB/s (stored %d MB)%n",
        m.files().bytes() / 1_000_000,
        seconds,
        m.files().bytes() / 1e6 / seconds,
        m.totalStoredBytes() / 1_000_000);
  }
}
