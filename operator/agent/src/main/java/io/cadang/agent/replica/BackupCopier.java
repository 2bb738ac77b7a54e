package io.cadang.agent.replica;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.StoredDigest;
import io.cadang.agent.repository.VerifiedCopy;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one backup from the primary to one replica exactly as stored: the objects are already
 * compressed and encrypted, so the replica gets the same ciphertext (no key is needed, nothing is
 * decrypted) and the same manifest, which therefore keeps verifying and restoring there.
 *
 * <p>Order and checks: every object first, each streamed (one buffer of memory per object in
 * flight, plus the S3 upload's part buffers), hashed on the way and refused before commit when the
 * primary's bytes do not match the manifest; then each is read back from the replica and compared
 * by size and SHA-256 with the manifest's {@code objects[]} entry. The manifest goes last, so a
 * replica never lists a backup whose objects are missing. An object already in the replica with the
 * right size and hash is not copied again; one with the wrong size or hash is replaced.
 */
public final class BackupCopier {
  private static final Logger LOG = LoggerFactory.getLogger(BackupCopier.class);
  private static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

  private final Repository primary;
  private final Repository replica;

  public BackupCopier(Repository primary, Repository replica) {
    this.primary = primary;
    this.replica = replica;
  }

  public CopyReport copy(String backupId) throws IOException {
    BackupLayout.requireValidId(backupId);
    String manifestKey = BackupLayout.manifestKey(backupId);
    byte[] manifestBytes = readManifest(manifestKey);
    BackupManifest manifest;
    try {
      manifest = ManifestCodec.fromJson(backupId, manifestBytes);
    } catch (ManifestException e) {
      throw new IOException(
          "manifest of backup " + backupId + " in the primary: " + e.getMessage(), e);
    }
    Map<String, ArtifactEntry> expected = new HashMap<>();
    for (ArtifactEntry entry : manifest.objects()) {
      expected.put(entry.key(), entry);
    }
    List<String> keys = primary.list(BackupLayout.ROOT + backupId + "/");
    for (String key : expected.keySet()) {
      if (!keys.contains(key)) {
        throw new IOException(
            "backup " + backupId + " is incomplete in the primary: " + key + " is missing");
      }
    }
    Counts counts = new Counts();
    for (String key : keys) {
      if (!key.equals(manifestKey)) {
        ArtifactEntry entry = expected.get(key);
        copyObject(
            key,
            entry == null ? null : new StoredDigest(entry.storedBytes(), entry.sha256()),
            counts);
      }
    }
    copyManifest(manifestKey, manifestBytes, counts);
    LOG.info(
        "backup {} on {}: {} object(s) copied ({} bytes), {} already present, {} repaired",
        backupId,
        replica.describe(),
        counts.copied,
        counts.bytes,
        counts.skipped,
        counts.repaired);
    return new CopyReport(backupId, counts.copied, counts.skipped, counts.repaired, counts.bytes);
  }

  private byte[] readManifest(String key) throws IOException {
    try (InputStream in = primary.open(key)) {
      return in.readNBytes(MAX_MANIFEST_BYTES);
    } catch (ObjectNotFoundException e) {
      throw new IOException(
          "backup " + BackupLayout.backupIdOfManifest(key) + " has no manifest in the primary");
    }
  }

  /**
   * {@code expected} is null for an object the manifest does not list: the primary's bytes rule.
   */
  private void copyObject(String key, StoredDigest expected, Counts counts) throws IOException {
    StoredDigest wanted = expected != null ? expected : StoredDigest.of(primary, key);
    StoredDigest present = digestIfPresent(key, wanted.size());
    if (wanted.equals(present)) {
      counts.skipped++;
      return;
    }
    if (present != null) {
      LOG.warn(
          "{} on {} differs from the primary (size {} vs {}, sha256 {} vs {}): copying it again",
          key,
          replica.describe(),
          present.size(),
          wanted.size(),
          present.sha256(),
          wanted.sha256());
      counts.repaired++;
    }
    counts.bytes += stream(key, wanted);
    counts.copied++;
    verify(key, wanted);
  }

  private long stream(String key, StoredDigest wanted) throws IOException {
    return VerifiedCopy.stream(primary, replica, key, wanted, "its manifest");
  }

  private void verify(String key, StoredDigest wanted) throws IOException {
    VerifiedCopy.verify(replica, key, wanted);
  }

  private void copyManifest(String key, byte[] bytes, Counts counts) throws IOException {
    StoredDigest wanted = StoredDigest.of(bytes);
    StoredDigest present = digestIfPresent(key, wanted.size());
    if (wanted.equals(present)) {
      counts.skipped++;
      return;
    }
    if (present != null) {
      counts.repaired++;
    }
    replica.put(key, bytes);
    counts.copied++;
    counts.bytes += bytes.length;
    verify(key, wanted);
  }

  private StoredDigest digestIfPresent(String key, long wantedSize) throws IOException {
    return VerifiedCopy.digestIfPresent(replica, key, wantedSize);
  }

  private static final class Counts {
    int copied;
    int skipped;
    int repaired;
    long bytes;
  }
}
