package io.cadang.agent.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.crypto.DataKeys;
import io.cadang.agent.keys.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
  private final byte[] dataKey = DataKeys.generate();

  @Test
  void sealedManifestSurvivesAJsonRoundTrip() throws Exception {
    BackupManifest sealed = ManifestCodec.seal(sample(), dataKey);

    BackupManifest read = ManifestCodec.fromJson("b-1", ManifestCodec.toJson(sealed));

    assertEquals(sealed, read);
    assertDoesNotThrow(() -> ManifestCodec.verifySeal(read, dataKey));
  }

  @Test
  void changingARowCountBreaksTheSeal() throws Exception {
    BackupManifest sealed = ManifestCodec.seal(sample(), dataKey);
    String json = new String(ManifestCodec.toJson(sealed), StandardCharsets.UTF_8);
    BackupManifest tampered =
        ManifestCodec.fromJson(
            "b-1", json.replace("\"rows\" : 42", "\"rows\" : 41").getBytes(StandardCharsets.UTF_8));

    ArtifactIntegrityException e =
        assertThrows(
            ArtifactIntegrityException.class, () -> ManifestCodec.verifySeal(tampered, dataKey));
    assertEquals(ArtifactIntegrityException.Reason.MANIFEST_TAMPERED, e.reason());
  }

  @Test
  void replacingTheWrappedKeyKeepsTheSealValidForTheSameDataKey() throws Exception {
    BackupManifest sealed = ManifestCodec.seal(sample(), dataKey);
    BackupManifest rewrapped =
        sealed.withWrappedKey(new WrappedKey("vault-transit", "vault-transit:k", 2, "vault:v2:x"));

    assertDoesNotThrow(() -> ManifestCodec.verifySeal(rewrapped, dataKey));
    assertThrows(
        ArtifactIntegrityException.class,
        () -> ManifestCodec.verifySeal(rewrapped, DataKeys.generate()));
  }

  @Test
  void canonicalBytesAreStableAcrossSerializations() throws Exception {
    BackupManifest m = sample();
    BackupManifest again = ManifestCodec.fromJson("b-1", ManifestCodec.toJson(m));
    assertArrayEquals(ManifestCodec.canonicalBytes(m), ManifestCodec.canonicalBytes(again));
    String canonical = new String(ManifestCodec.canonicalBytes(m), StandardCharsets.UTF_8);
    assertTrue(canonical.startsWith("{\"formatVersion\":1,\"backupId\":\"b-1\""), canonical);
    assertTrue(canonical.contains("\"wrappedKey\":null"), canonical);
    assertTrue(canonical.endsWith("\"seal\":null}"), canonical);
  }

  @Test
  void newerFormatVersionIsRefusedWithOneLine() {
    byte[] json = "{\"formatVersion\": 2, \"backupId\": \"b-1\"}".getBytes(StandardCharsets.UTF_8);
    ManifestException e =
        assertThrows(ManifestException.class, () -> ManifestCodec.fromJson("b-1", json));
    assertEquals(
        "manifest of backup 'b-1' has format version 2; this cadang reads version 1",
        e.getMessage());
  }

  @Test
  void unknownMembersAreRefused() throws Exception {
    String json =
        new String(ManifestCodec.toJson(sample()), StandardCharsets.UTF_8)
            .replaceFirst("\\{", "{\"extra\": true,");
    ManifestException e =
        assertThrows(
            ManifestException.class,
            () -> ManifestCodec.fromJson("b-1", json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("manifest of backup 'b-1' is malformed"), e.getMessage());
  }

  @Test
  void invalidJsonIsOneLine() {
    ManifestException e =
        assertThrows(
            ManifestException.class,
            () -> ManifestCodec.fromJson("b-1", "{not json".getBytes(StandardCharsets.UTF_8)));
    assertEquals("manifest of backup 'b-1' is not valid JSON", e.getMessage());
  }

  static BackupManifest sample() {
    return new BackupManifest(
        1,
        "b-1",
        "logical",
        Instant.parse("2026-11-21T02:00:00.123456789Z"),
        Instant.parse("2026-11-21T02:03:00Z"),
        "dev",
        new BackupManifest.Source("db", 5432, "15.18", 150018, "pg_dump (PostgreSQL) 15.18"),
        new BackupManifest.Encryption(
            "AES-256-GCM-framed-v1",
            "zstd",
            new WrappedKey("local", "local:0011223344556677", 1, "AAAA")),
        List.of(
            new BackupManifest.DatabaseEntry(
                "app",
                "db/app.dump",
                "UTF8",
                List.of(new BackupManifest.TableRows("café", "pedidos ü", 42)))),
        List.of(
            new BackupManifest.ArtifactEntry(
                "db/app.dump",
                "backups/b-1/db/app.dump.zst.cdg",
                "pg_dump-custom",
                100,
                50,
                "ab".repeat(32))),
        null,
        null);
  }

  /** The seal the previous cadang (before the physical section existed) computed for sample(). */
  private static final String SEAL_BEFORE_PHYSICAL =
      "0626a2c6b623892538b5f494526a0d2e27142c67c9cc46ae619fefc85efe8ee2";

  @Test
  void logicalManifestsSealedBeforeThePhysicalSectionStillVerify() throws Exception {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    assertEquals(SEAL_BEFORE_PHYSICAL, ManifestCodec.seal(sample(), key).seal());
    BackupManifest old = sample().withSeal(SEAL_BEFORE_PHYSICAL);
    ManifestCodec.verifySeal(ManifestCodec.fromJson("b-1", ManifestCodec.toJson(old)), key);
    assertFalse(
        new String(ManifestCodec.toJson(old), StandardCharsets.UTF_8).contains("physical"),
        "a logical manifest must not grow a physical key");
  }

  @Test
  void physicalSectionRoundTripsAndIsSealed() throws Exception {
    byte[] key = new byte[32];
    BackupManifest.Physical facts =
        new BackupManifest.Physical(
            "0/2000028",
            "0/2000100",
            1,
            "cadang b-1",
            "7312000000000000001",
            Instant.parse("2026-11-21T02:00:00Z"),
            Instant.parse("2026-11-21T02:00:05Z"),
            "postgres");
    BackupManifest physical =
        new BackupManifest(
            1,
            "b-1",
            BackupManifest.KIND_PHYSICAL,
            sample().startedAt(),
            sample().finishedAt(),
            "dev",
            sample().source(),
            sample().encryption(),
            List.of(),
            sample().objects(),
            facts,
            null);
    BackupManifest sealed = ManifestCodec.seal(physical, key);
    BackupManifest read = ManifestCodec.fromJson("b-1", ManifestCodec.toJson(sealed));
    assertEquals(facts, read.physical());
    assertTrue(read.physicalKind());
    ManifestCodec.verifySeal(read, key);
    BackupManifest tampered =
        new BackupManifest(
            1,
            "b-1",
            BackupManifest.KIND_PHYSICAL,
            read.startedAt(),
            read.finishedAt(),
            "dev",
            read.source(),
            read.encryption(),
            List.of(),
            read.objects(),
            new BackupManifest.Physical(
                "0/2000028",
                "0/9000100",
                1,
                "cadang b-1",
                "7312000000000000001",
                facts.backupStartedAt(),
                facts.backupStoppedAt(),
                "postgres"),
            read.seal());
    assertThrows(Exception.class, () -> ManifestCodec.verifySeal(tampered, key));
  }
}
