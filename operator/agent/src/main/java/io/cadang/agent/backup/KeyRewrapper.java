package io.cadang.agent.backup;

import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-wraps backups' data keys after a master-key rotation. Only the manifest's wrapped key changes:
 * artifacts are untouched, so a rotation costs one small write per backup, not a re-upload.
 *
 * <p>With one provider (Vault transit) the rewrap happens inside Vault. With two (an old and a new
 * local key) the data key is unwrapped with the old one and wrapped with the new one, and the
 * manifest seal is checked under it first so a wrong old key cannot produce a useless manifest.
 */
public final class KeyRewrapper {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRewrapper.class);

  private final Repository repository;
  private final KeyProvider oldKeys;
  private final KeyProvider newKeys;

  /**
   * @param oldKeys unwraps current data keys
   * @param newKeys wraps them again; the same instance as {@code oldKeys} for an in-place rotation
   */
  public KeyRewrapper(Repository repository, KeyProvider oldKeys, KeyProvider newKeys) {
    this.repository = repository;
    this.oldKeys = oldKeys;
    this.newKeys = newKeys;
  }

  /** Returns the manifest as rewritten. */
  public BackupManifest rewrap(String backupId)
      throws IOException, ManifestException, KeyException {
    BackupCatalog catalog = new BackupCatalog(repository);
    BackupManifest manifest = catalog.load(backupId);
    WrappedKey before = manifest.encryption().wrappedKey();
    WrappedKey after;
    byte[] dataKey = oldKeys.unwrap(before);
    try {
      ManifestCodec.verifySeal(manifest, dataKey);
      after = oldKeys == newKeys ? newKeys.rewrap(before) : newKeys.wrap(dataKey);
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
    } catch (io.cadang.agent.crypto.ArtifactIntegrityException e) {
      throw new ManifestException(e.getMessage());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
    BackupManifest rewritten = manifest.withWrappedKey(after);
    catalog.save(rewritten);
    LOG.info(
        "backup {}: data key rewrapped {} v{} → {} v{}",
        backupId,
        before.keyId(),
        before.keyVersion(),
        after.keyId(),
        after.keyVersion());
    return rewritten;
  }
}
