package io.cadang.agent.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.backup.KeyRewrapperAccess;
import io.cadang.agent.crypto.DataKeys;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.repository.FileRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key records: a rotation writes a new object instead of rewriting the manifest; readers take the
 * newest record that opens and fits the seal, so a forged record is skipped.
 */
class KeyRecordsTest {
  @TempDir Path dir;

  private final byte[] dataKey = DataKeys.generate();

  @Test
  void aRewrapWritesARecordLeavesTheManifestByteForByteAndOnlyTheNewKeyIsNeeded() throws Exception {
    LocalKeyProvider oldKey = LocalKeyProvider.fromBytes(DataKeys.generate());
    LocalKeyProvider newKey = LocalKeyProvider.fromBytes(DataKeys.generate());
    FileRepository repo = new FileRepository(dir);
    store(repo, oldKey);
    byte[] manifestBefore = Files.readAllBytes(dir.resolve("backups/b-1/manifest.json"));

    BackupManifest shown =
        KeyRewrapperAccess.rewrap(
            repo, oldKey, newKey, "b-1", Instant.parse("2026-12-07T10:00:00Z"));

    assertArrayEquals(manifestBefore, Files.readAllBytes(dir.resolve("backups/b-1/manifest.json")));
    assertEquals(
        List.of("backups/b-1/keys/20261207T100000000Z-v1.json"),
        repo.list(KeyRecords.prefix("b-1")));
    assertEquals(newKey.keyId(), shown.encryption().wrappedKey().keyId());
    assertEquals(Map.of("b-1", shown.encryption().wrappedKey()), KeyRecords.newestByBackup(repo));
    BackupManifest stored = new BackupCatalog(repo).load("b-1");
    assertArrayEquals(dataKey, KeyRecords.openDataKey(repo, stored, newKey));
  }

  @Test
  void aForgedNewerRecordIsSkippedAndTheNewestValidOneWins() throws Exception {
    LocalKeyProvider key = LocalKeyProvider.fromBytes(DataKeys.generate());
    FileRepository repo = new FileRepository(dir);
    store(repo, LocalKeyProvider.fromBytes(DataKeys.generate())); // manifest key: another master
    KeyRecords.write(repo, "b-1", key.wrap(dataKey), Instant.parse("2026-12-01T00:00:00Z"));
    // Newer: the right master key but another data key (the seal refuses it) ...
    KeyRecords.write(
        repo, "b-1", key.wrap(DataKeys.generate()), Instant.parse("2026-12-02T00:00:00Z"));
    // ... and newest: a key no provider here unwraps.
    KeyRecords.write(
        repo,
        "b-1",
        new WrappedKey("local", "local:ffffffffffffffff", 1, "AAAA"),
        Instant.parse("2026-12-03T00:00:00Z"));
    BackupManifest stored = new BackupCatalog(repo).load("b-1");

    assertArrayEquals(dataKey, KeyRecords.openDataKey(repo, stored, key));
  }

  @Test
  void withNoCandidateThatOpensTheNewestOnesFailureIsReported() throws Exception {
    FileRepository repo = new FileRepository(dir);
    store(repo, LocalKeyProvider.fromBytes(DataKeys.generate()));
    LocalKeyProvider stranger = LocalKeyProvider.fromBytes(DataKeys.generate());
    BackupManifest stored = new BackupCatalog(repo).load("b-1");

    KeyException e =
        assertThrows(KeyException.class, () -> KeyRecords.openDataKey(repo, stored, stranger));
    assertTrue(e.getMessage().contains("different master key"), e.getMessage());
  }

  private void store(FileRepository repo, LocalKeyProvider key) throws Exception {
    BackupManifest m = ManifestCodecTest.sample();
    m = ManifestCodec.seal(m.withWrappedKey(key.wrap(dataKey)), dataKey);
    new BackupCatalog(repo).save(m);
  }
}
