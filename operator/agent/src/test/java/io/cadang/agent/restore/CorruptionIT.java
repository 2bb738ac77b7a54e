package io.cadang.agent.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.backup.BackupRequest;
import io.cadang.agent.backup.BackupVerifier;
import io.cadang.agent.backup.LogicalBackup;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.crypto.ArtifactIntegrityException.Reason;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.local.SampleData;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged backups are detected, each with its own reason, and a restore from one writes nothing to
 * the target: the target database is not even created.
 */
class CorruptionIT {
  private static final String DB = "shop_corrupt";
  private static KeyProvider keys;
  private static Path pristine;
  private static BackupManifest backup;

  @TempDir Path work;
  private Path repoDir;
  private Repository repo;

  @BeforeAll
  static void backUpOnce(@TempDir Path shared) throws Exception {
    SampleData.create(RealServers.superuser("postgres"), DB, 3000);
    keys = key();
    pristine = shared.resolve("pristine");
    try (Repository r = Repositories.open(pristine.toUri().toString(), Map.of())) {
      backup =
          new LogicalBackup(r, keys, Clock.systemUTC(), Duration.ofSeconds(10))
              .run(
                  new BackupRequest(
                      RealServers.superuser("postgres"),
                      List.of(DB),
                      false,
                      null,
                      null,
                      new CompressionSettings(1, 2)));
    }
  }

  @BeforeEach
  void freshCopyOfTheRepository() throws Exception {
    repoDir = work.resolve("repo");
    try (var walk = Files.walk(pristine)) {
      for (Path p : walk.toList()) {
        Path dest = repoDir.resolve(pristine.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    repo = Repositories.open(repoDir.toUri().toString(), Map.of());
  }

  @Test
  void intactBackupVerifies() throws Exception {
    new BackupVerifier(repo, keys, Duration.ofSeconds(10)).verify(backup.backupId());
  }

  @Test
  void flippedBitIsDetectedAndNothingIsRestored() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dumpFile().toFile(), "rw")) {
      long pos = f.length() / 2;
      f.seek(pos);
      int b = f.read();
      f.seek(pos);
      f.write(b ^ 0x10);
    }
    assertRestoreFails(Reason.FRAME_CORRUPTED, "shop_flip");
  }

  @Test
  void truncationIsDetectedAndNothingIsRestored() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dumpFile().toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    assertRestoreFails(Reason.TRUNCATED, "shop_trunc");
  }

  @Test
  void aFlippedBitInTheLastFrameIsFoundAfterPgRestoreHasLoadedAlmostEverything() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dumpFile().toFile(), "rw")) {
      long pos = f.length() - 40;
      f.seek(pos);
      int b = f.read();
      f.seek(pos);
      f.write(b ^ 0x01);
    }
    assertRestoreFails(Reason.FRAME_CORRUPTED, "shop_lastframe");
  }

  @Test
  void aRowLostBeforeVerificationLeavesNoTargetDatabase() throws Exception {
    RestoreReport report =
        new LogicalRestore(
                repo,
                keys,
                Duration.ofSeconds(10),
                loaded -> {
                  try {
                    Sql.exec(loaded, "DELETE FROM sales.orders WHERE id = 1");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .run(request("shop_lostrow"));
    assertFalse(report.verified());
    assertEquals("sales.orders", report.databases().get(0).mismatches().get(0).table());
    assertEquals("shop_lostrow", report.databases().get(0).target());
    assertTargetAbsent("shop_lostrow");
  }

  @Test
  void aCorruptBackupLeavesAnExistingDatabaseAsItWas() throws Exception {
    Sql.exec(
        RealServers.superuser("postgres"),
        "DROP DATABASE IF EXISTS shop_kept",
        "CREATE DATABASE shop_kept");
    Sql.exec(
        RealServers.superuser("shop_kept"),
        "CREATE TABLE precious (v int)",
        "INSERT INTO precious VALUES (42)");
    try (RandomAccessFile f = new RandomAccessFile(dumpFile().toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    RestoreRequest overwrite =
        new RestoreRequest(
            backup.backupId(),
            List.of(DB),
            RealServers.superuser("postgres"),
            "shop_kept",
            false,
            true,
            2,
            false,
            false,
            true,
            work.resolve("scratch"),
            null);
    assertThrows(
        ArtifactIntegrityException.class,
        () -> new LogicalRestore(repo, keys, Duration.ofSeconds(10)).run(overwrite));
    assertEquals("42", Sql.text(RealServers.superuser("shop_kept"), "SELECT v FROM precious"));
    assertEquals(
        "0",
        Sql.text(
            RealServers.superuser("shop_kept"),
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'sales'"),
        "nothing of the backup reached the existing database");
  }

  @Test
  void missingObjectIsNamed() throws Exception {
    Files.delete(dumpFile());
    ArtifactIntegrityException e = assertRestoreFails(Reason.MISSING_OBJECT, "shop_missing");
    assertTrue(e.getMessage().contains("db/" + DB + ".dump"), e.getMessage());
  }

  @Test
  void objectSwappedForAnotherOfTheSameSizeFailsItsChecksumOrAuthentication() throws Exception {
    byte[] bytes = Files.readAllBytes(dumpFile());
    // Replace the tail (including the final frame) with zeros of equal length.
    for (int i = bytes.length - 50; i < bytes.length; i++) {
      bytes[i] = 0;
    }
    Files.write(dumpFile(), bytes);
    ArtifactIntegrityException e =
        assertThrows(ArtifactIntegrityException.class, () -> restore("shop_swap"));
    assertTrue(
        e.reason() == Reason.FRAME_CORRUPTED || e.reason() == Reason.CHECKSUM_MISMATCH,
        e.reason().toString());
    assertTargetAbsent("shop_swap");
  }

  @Test
  void tamperedManifestRowCountBreaksTheSeal() throws Exception {
    Path manifest = repoDir.resolve(BackupLayout.manifestKey(backup.backupId()));
    String json = Files.readString(manifest);
    String tampered = json.replaceFirst("\"rows\" : 3000", "\"rows\" : 2999");
    assertFalse(json.equals(tampered), "the manifest holds the customers count");
    Files.writeString(manifest, tampered);
    assertRestoreFails(Reason.MANIFEST_TAMPERED, "shop_manifest");
  }

  @Test
  void wrongMasterKeyIsReportedAsSuch() throws Exception {
    LogicalRestore restore = new LogicalRestore(repo, key(), Duration.ofSeconds(10));
    KeyException e = assertThrows(KeyException.class, () -> restore.run(request("shop_wrongkey")));
    assertEquals(KeyException.Reason.WRONG_KEY, e.reason());
    assertTargetAbsent("shop_wrongkey");
  }

  private ArtifactIntegrityException assertRestoreFails(Reason reason, String target)
      throws Exception {
    ArtifactIntegrityException e =
        assertThrows(ArtifactIntegrityException.class, () -> restore(target));
    assertEquals(reason, e.reason(), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one-line message");
    assertTargetAbsent(target);
    ArtifactIntegrityException audit =
        assertThrows(
            ArtifactIntegrityException.class,
            () -> new BackupVerifier(repo, keys, Duration.ofSeconds(10)).verify(backup.backupId()));
    assertEquals(reason, audit.reason());
    return e;
  }

  private void restore(String target) throws Exception {
    new LogicalRestore(repo, keys, Duration.ofSeconds(10)).run(request(target));
  }

  private RestoreRequest request(String target) {
    return new RestoreRequest(
        backup.backupId(),
        List.of(DB),
        RealServers.superuser("postgres"),
        target,
        true,
        false,
        2,
        false,
        false,
        true,
        work.resolve("scratch"),
        null);
  }

  private void assertTargetAbsent(String database) throws Exception {
    assertEquals(
        "0",
        Sql.text(
            RealServers.superuser("postgres"),
            "SELECT count(*) FROM pg_database WHERE datname = '"
                + database
                + "' OR datname LIKE '"
                + database
                + "\\_cadang\\_%'"),
        "neither the target nor the streamed restore's temporary database exists");
    try (var scratch = Files.list(Files.createDirectories(work.resolve("scratch")))) {
      assertEquals(0, scratch.count(), "scratch directory cleaned up");
    }
  }

  private Path dumpFile() {
    return repoDir.resolve(
        BackupLayout.objectKey(backup.backupId(), BackupLayout.databaseObject(DB)));
  }

  private static KeyProvider key() throws Exception {
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    return LocalKeyProvider.fromEnv("K", Map.of("K", Base64.getEncoder().encodeToString(master)));
  }
}
