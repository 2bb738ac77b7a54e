package io.cadang.agent.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.crypto.ManifestSeal;
import java.io.IOException;

/**
 * Reads, writes and seals manifests. The seal is an HMAC over the canonical JSON of the manifest
 * with the seal and the wrapped key left out: the wrapped key changes on rotation ({@code cadang
 * rewrap}) while the data key, and so the seal, stays valid; swapping in another wrapped key yields
 * another data key, under which the seal no longer verifies.
 */
public final class ManifestCodec {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private static final ObjectMapper PRETTY =
      CANONICAL.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestCodec() {}

  public static BackupManifest seal(BackupManifest manifest, byte[] dataKey) {
    String seal = ManifestSeal.seal(dataKey, manifest.backupId(), canonicalBytes(manifest));
    return manifest.withSeal(seal);
  }

  /** Throws when the manifest was altered after it was sealed, or the data key is not its own. */
  public static void verifySeal(BackupManifest manifest, byte[] dataKey)
      throws ArtifactIntegrityException {
    ManifestSeal.verify(dataKey, manifest.backupId(), canonicalBytes(manifest), manifest.seal());
  }

  public static byte[] toJson(BackupManifest manifest) {
    try {
      return PRETTY.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("manifest cannot be serialized", e);
    }
  }

  /** Parses a manifest; a newer or malformed one is a one-line {@link ManifestException}. */
  public static BackupManifest fromJson(String backupId, byte[] json) throws ManifestException {
    JsonNode tree;
    try {
      tree = CANONICAL.readTree(json);
    } catch (IOException e) {
      throw new ManifestException("manifest of backup '" + backupId + "' is not valid JSON");
    }
    int version = tree.path("formatVersion").asInt(-1);
    if (version != BackupManifest.FORMAT_VERSION) {
      throw new ManifestException(
          "manifest of backup '"
              + backupId
              + "' has format version "
              + version
              + "; this cadang reads version "
              + BackupManifest.FORMAT_VERSION);
    }
    try {
      return CANONICAL.treeToValue(tree, BackupManifest.class);
    } catch (IOException e) {
      throw new ManifestException(
          "manifest of backup '" + backupId + "' is malformed: " + firstLine(e.getMessage()));
    }
  }

  static byte[] canonicalBytes(BackupManifest manifest) {
    try {
      return CANONICAL.writeValueAsBytes(manifest.withSeal(null).withWrappedKey(null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("manifest cannot be serialized", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
