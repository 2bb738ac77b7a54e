package io.cadang.agent.backup;

import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.KeyRecords;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An integrity audit without restoring: the manifest's seal, then every object downloaded,
 * authenticated frame by frame, decompressed and checked against the manifest's size and SHA-256.
 * The first problem ends the audit with an exception naming the object and what is wrong.
 */
public final class BackupVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(BackupVerifier.class);

  private final Repository repository;
  private final KeyProvider keys;
  private final Duration progressInterval;

  public BackupVerifier(Repository repository, KeyProvider keys, Duration progressInterval) {
    this.repository = repository;
    this.keys = keys;
    this.progressInterval = progressInterval;
  }

  public BackupManifest verify(String backupRef)
      throws IOException, ManifestException, KeyException {
    BackupManifest manifest = new BackupCatalog(repository).resolve(backupRef);
    byte[] dataKey = KeyRecords.openDataKey(repository, manifest, keys);
    try {
      ArtifactReader reader = new ArtifactReader(repository);
      for (ArtifactEntry entry : manifest.objects()) {
        try (ProgressMeter meter =
            new ProgressMeter(
                "verify " + manifest.backupId() + " " + entry.name(),
                progressInterval,
                entry.rawBytes())) {
          reader.read(
              manifest.backupId(), entry, dataKey, OutputStream.nullOutputStream(), true, meter);
        }
        LOG.info("verified {}: {} bytes stored, sha256 ok", entry.name(), entry.storedBytes());
      }
      return manifest;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }
}
