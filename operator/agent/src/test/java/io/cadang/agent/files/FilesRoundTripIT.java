package io.cadang.agent.files;

import static io.cadang.agent.files.FileTrees.describe;
import static io.cadang.agent.files.FileTrees.sh;
import static io.cadang.agent.files.FileTrees.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.repository.FileRepository;
import io.cadang.agent.repository.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files backups and restores of real trees on disk, through the whole encrypted pipeline. */
class FilesRoundTripIT {
  @TempDir Path work;
  private Path source;
  private Repository repository;
  private KeyProvider keys;

  @BeforeEach
  void aRepositoryAndAKey() throws Exception {
    source = Files.createDirectory(work.resolve("source"));
    repository = new FileRepository(work.resolve("repo"));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    keys = LocalKeyProvider.fromBytes(key);
  }

  @Test
  void anAwkwardTreeRoundTripsWithNamesModesOwnersLinksAndEmptyDirectories() throws Exception {
    FileTrees.awkward(source);

    BackupManifest m = backup(List.of(), List.of());
    FilesRestoreReport report = restore(m.backupId(), work.resolve("restored"), null, false);

    assertEquals(describe(source), describe(work.resolve("restored")));
    assertTrue(report.verified(), report.mismatches().toString());
    assertEquals(11, m.files().regularFiles(), "hard links are counted once, as links");
    assertEquals(m.files().regularFiles(), report.verifiedFiles());
    assertEquals(m.files().entries(), report.restored());
    assertNull(m.source(), "a files manifest names no database server");
    assertEquals(0, m.files().changedCount());
    assertTrue(
        text(work.resolve("restored"), "[ hard1 -ef 'with space/hard2' ] && echo same")
            .contains("same"),
        "hard links are restored as links, not copies");
  }

  @Test
  void aGigabyteSparseFileStaysSmallInTheRepositoryAndRoundTrips() throws Exception {
    sh(
        source,
        "truncate -s 1G sparse.img"
            + " && head -c 1048576 /dev/urandom | dd of=sparse.img bs=1M seek=10 conv=notrunc status=none"
            + " && printf tail | dd of=sparse.img bs=1 seek=1073741820 conv=notrunc status=none");

    BackupManifest m = backup(List.of(), List.of());
    Path restored = work.resolve("restored");
    FilesRestoreReport report = restore(m.backupId(), restored, null, false);

    assertEquals(1L << 30, m.files().bytes());
    assertTrue(m.totalStoredBytes() < 3_000_000, "stored " + m.totalStoredBytes() + " bytes");
    assertTrue(report.verified(), report.mismatches().toString());
    assertEquals(1, report.verifiedFiles());
    assertEquals(text(source, "sha256sum sparse.img"), text(restored, "sha256sum sparse.img"));
    long allocatedKib = Long.parseLong(text(restored, "du -k sparse.img | cut -f1").trim());
    assertTrue(allocatedKib < 10_000, "restored file keeps its holes: " + allocatedKib + " KiB");
  }

  @Test
  void excludedPatternsAreLeftOutAtAnyDepth() throws Exception {
    sh(
        source,
        "mkdir -p a/cache b && echo 1 > a/keep.txt && echo 2 > a/x.tmp && echo 3 > b/y.tmp"
            + " && echo 4 > a/cache/big");

    BackupManifest m = backup(List.of(), List.of("*.tmp", "cache"));
    restore(m.backupId(), work.resolve("restored"), null, false);

    assertEquals(
        "./a\n./a/keep.txt\n./b\n", text(work.resolve("restored"), "find . -mindepth 1 | sort"));
    assertEquals(List.of("*.tmp", "cache"), m.files().excludes());
  }

  @Test
  void selectedPathsRestoreIntoASubPathOfTheTarget() throws Exception {
    sh(source, "mkdir -p uploads/2026 other && echo a > uploads/2026/a.jpg && echo b > other/b");
    Path claim = Files.createDirectory(work.resolve("claim"));
    Files.writeString(claim.resolve("already-there"), "keep");

    BackupManifest m = backup(List.of("uploads"), List.of());
    FilesRestoreReport report = restore(m.backupId(), claim, "restored/today", false);

    assertTrue(report.verified(), report.mismatches().toString());
    assertEquals(
        "./already-there\n./restored\n./restored/today\n./restored/today/uploads\n"
            + "./restored/today/uploads/2026\n./restored/today/uploads/2026/a.jpg\n",
        text(claim, "find . -mindepth 1 | sort"));
    assertEquals(List.of("uploads"), m.files().paths());
  }

  @Test
  void aNonEmptyTargetIsRefusedUnlessOverwriteIsGiven() throws Exception {
    sh(source, "echo new > f");
    BackupManifest m = backup(List.of(), List.of());
    Path target = Files.createDirectory(work.resolve("target"));
    Files.writeString(target.resolve("f"), "old");

    BackupException e =
        assertThrows(BackupException.class, () -> restore(m.backupId(), target, null, false));

    assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    assertEquals("old", Files.readString(target.resolve("f")));
    assertTrue(restore(m.backupId(), target, null, true).verified());
    assertEquals("new\n", Files.readString(target.resolve("f")));
  }

  @Test
  void verificationReportsAFileChangedAfterTheRestore() throws Exception {
    FileTrees.awkward(source);
    BackupManifest m = backup(List.of(), List.of());
    Path restored = work.resolve("restored");
    restore(m.backupId(), restored, null, false);

    sh(restored, "echo tampered >> \"$(printf 'caf\\xe9-\\xff\\xfe.bin')\" && rm odd");
    FilesRestoreReport report =
        new FilesRestore(repository, keys, Duration.ofMinutes(1))
            .run(new FilesRestoreRequest(m.backupId(), restored, null, false, true));

    assertFalse(report.verified());
    assertEquals(2, report.mismatchCount(), report.mismatches().toString());
    assertTrue(
        report
            .mismatches()
            .contains(
                new FilesRestoreReport.Mismatch(
                    "caf\\xe9-\\xff\\xfe.bin",
                    report.mismatches().stream()
                        .filter(x -> x.path().startsWith("caf"))
                        .findFirst()
                        .orElseThrow()
                        .problem())),
        report.mismatches().toString());
    assertTrue(
        report.mismatches().stream()
            .anyMatch(x -> x.path().startsWith("caf") && x.problem().startsWith("content differs")),
        report.mismatches().toString());
    assertTrue(
        report.mismatches().contains(new FilesRestoreReport.Mismatch("odd", "missing")),
        report.mismatches().toString());
  }

  @Test
  void aFileAppendedToDuringTheBackupIsReportedAsChanged() throws Exception {
    sh(source, "head -c 200000000 /dev/zero > growing.log && echo steady > steady.txt");
    Thread appender =
        new Thread(
            () -> {
              try (var out =
                  Files.newOutputStream(
                      source.resolve("growing.log"), java.nio.file.StandardOpenOption.APPEND)) {
                while (!Thread.currentThread().isInterrupted()) {
                  out.write(new byte[4096]);
                  out.flush();
                  Thread.sleep(1);
                }
              } catch (InterruptedException | java.io.IOException e) {
                // stopped
              }
            });
    appender.start();
    BackupManifest m;
    try {
      m = backup(List.of(), List.of());
    } finally {
      appender.interrupt();
      appender.join();
    }

    assertEquals(1, m.files().changedCount(), m.files().toString());
    assertEquals(List.of("growing.log"), m.files().changedDuringRead());
  }

  private BackupManifest backup(List<String> paths, List<String> excludes) throws Exception {
    return new FilesBackup(repository, keys, Clock.systemUTC(), Duration.ofMinutes(1))
        .run(new FilesBackupRequest(source, paths, excludes, null, CompressionSettings.defaults()));
  }

  private FilesRestoreReport restore(String id, Path into, String subPath, boolean overwrite)
      throws Exception {
    return new FilesRestore(repository, keys, Duration.ofMinutes(1))
        .run(new FilesRestoreRequest(id, into, subPath, overwrite, false));
  }
}
