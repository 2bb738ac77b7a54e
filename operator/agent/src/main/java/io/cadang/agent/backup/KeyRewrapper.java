package io.cadang.agent.backup;

import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.KeyRecords;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-wraps backups' data keys after a master-key rotation. The manifest is not rewritten: the data
 * key wrapped by the new master key is stored as a new key record next to it ({@link KeyRecords}),
 * so a rotation costs one small new object per backup, works under S3 Object Lock and with a
 * write-only key, and never leaves a backup without a key that opens it if it is interrupted.
 *
 * <p>The data key is opened with the old provider from the newest record that opens (or the
 * manifest's own key), checked against the manifest's seal, wrapped by the new provider and
 * unwrapped again to prove the record works before it is written. With Vault transit the old and
 * new provider are the same instance: transit encrypts with the key's newest version.
 */
public final class KeyRewrapper {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRewrapper.class);

  private final Repository repository;
  private final KeyProvider oldKeys;
  private final KeyProvider newKeys;
  private final Clock clock;

  /**
   * @param oldKeys unwraps current data keys
   * @param newKeys wraps them again; the same instance as {@code oldKeys} for an in-place rotation
   */
  public KeyRewrapper(Repository repository, KeyProvider oldKeys, KeyProvider newKeys) {
    this(repository, oldKeys, newKeys, Clock.systemUTC());
  }

  KeyRewrapper(Repository repository, KeyProvider oldKeys, KeyProvider newKeys, Clock clock) {
    this.repository = repository;
    this.oldKeys = oldKeys;
    this.newKeys = newKeys;
    this.clock = clock;
  }

  /** Returns the manifest as a reader now sees it: with the new wrapped key. */
  public BackupManifest rewrap(String backupId)
      throws IOException, ManifestException, KeyException {
    BackupManifest manifest = new BackupCatalog(repository).load(backupId);
    WrappedKey after;
    byte[] dataKey;
    try {
      dataKey = KeyRecords.openDataKey(repository, manifest, oldKeys);
    } catch (io.cadang.agent.crypto.ArtifactIntegrityException e) {
      throw new ManifestException(e.getMessage());
    }
    try {
      after = newKeys.wrap(dataKey);
      byte[] check = newKeys.unwrap(after);
      try {
        if (!Arrays.equals(check, dataKey)) {
          throw new KeyException(
              KeyException.Reason.WRONG_KEY,
              "rewrapped key of backup '" + backupId + "' does not unwrap to its data key");
        }
      } finally {
        Arrays.fill(check, (byte) 0);
      }
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
    String record = KeyRecords.write(repository, backupId, after, clock.instant());
    LOG.info(
        "backup {}: data key wrapped by {} v{} in {}",
        backupId,
        after.keyId(),
        after.keyVersion(),
        record);
    return manifest.withWrappedKey(after);
  }
}
