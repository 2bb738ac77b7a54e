package io.cadang.agent.configs;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.backup.BackupIds;
import io.cadang.agent.backup.CadangVersion;
import io.cadang.agent.crypto.ArtifactContext;
import io.cadang.agent.crypto.DataKeys;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.pipeline.ArtifactWriter;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A config snapshot: export the selected objects, store them as {@code configs.tar} through the
 * artifact pipeline, commit the non-secret ones to git when asked, and write the sealed manifest.
 * The manifest records the git outcome, so it is written after the push; when git fails the archive
 * is still made a complete backup (manifest with {@code pushed: false}) before the run fails, so
 * the snapshot is never lost to a git outage.
 */
public final class ConfigBackup {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigBackup.class);
  static final String CIPHER = "AES-256-GCM-framed-v1";
  public static final String ARCHIVE_OBJECT = "configs.tar";
  public static final String CONTENT_TYPE = "configs-tar";

  private final Repository repository;
  private final KeyProvider keys;
  private final KubernetesClient client;
  private final Clock clock;

  public ConfigBackup(
      Repository repository, KeyProvider keys, KubernetesClient client, Clock clock) {
    this.repository = repository;
    this.keys = keys;
    this.client = client;
    this.clock = clock;
  }

  public BackupManifest run(ConfigBackupRequest request)
      throws BackupException, KeyException, IOException {
    Instant started = clock.instant();
    BackupCatalog catalog = new BackupCatalog(repository);
    String backupId = BackupIds.forNewBackup(request.backupId(), started, catalog);
    ConfigSelection selection = request.selection();
    List<ExportedObject> objects = new ConfigExporter(client).export(selection);
    int secrets = (int) objects.stream().filter(o -> o.kind().isSecret()).count();
    LOG.info(
        "backup {}: {} object(s) ({} Secret(s)) of {} in {}{}",
        backupId,
        objects.size(),
        secrets,
        selection.resources(),
        selection.namespaces(),
        selection.selector() == null ? "" : " matching " + selection.selector());

    byte[] dataKey = DataKeys.generate();
    ArtifactEntry stored = null;
    boolean manifestSaved = false;
    try {
      WrappedKey wrapped = keys.wrap(dataKey);
      byte[] tar = archive(objects);
      try (ProgressMeter meter = new ProgressMeter("backup " + backupId, Duration.ofMinutes(1))) {
        stored =
            new ArtifactWriter(repository, request.compression())
                .write(
                    BackupLayout.objectKey(backupId, ARCHIVE_OBJECT),
                    new ArtifactContext(backupId, ARCHIVE_OBJECT),
                    CONTENT_TYPE,
                    dataKey,
                    new ByteArrayInputStream(tar),
                    meter);
      }

      GitTarget git = request.git();
      GitPublisher.Outcome outcome = null;
      ConfigsException gitFailure = null;
      if (git != null) {
        try {
          outcome =
              new GitPublisher(request.gitCredentials())
                  .publish(git, objects, "cadang config snapshot " + backupId);
        } catch (ConfigsException e) {
          gitFailure = e;
        }
      }
      BackupManifest manifest =
          ManifestCodec.seal(
              new BackupManifest(
                  BackupManifest.FORMAT_VERSION,
                  backupId,
                  BackupManifest.KIND_CONFIGS,
                  started,
                  clock.instant(),
                  CadangVersion.current(),
                  null,
                  new BackupManifest.Encryption(CIPHER, "zstd", wrapped),
                  List.of(),
                  List.of(stored),
                  null,
                  null,
                  new BackupManifest.Configs(
                      selection.resources().stream().map(ResourceKind::toString).toList(),
                      selection.namespaces(),
                      selection.selector(),
                      objects.size(),
                      secrets,
                      git == null
                          ? null
                          : new BackupManifest.Git(
                              git.url(),
                              git.branch(),
                              git.path(),
                              outcome == null ? null : outcome.commit(),
                              outcome != null && outcome.pushed())),
                  null),
              dataKey);
      catalog.save(manifest);
      manifestSaved = true;
      if (gitFailure != null) {
        throw new ConfigsException(
            gitFailure.getMessage()
                + "; the encrypted snapshot is stored as backup "
                + backupId
                + " ("
                + stored.key()
                + ")",
            gitFailure.getCause());
      }
      LOG.info(
          "backup {} complete: {} object(s), {} raw, {} stored{}",
          backupId,
          objects.size(),
          stored.rawBytes(),
          stored.storedBytes(),
          outcome == null
              ? ""
              : outcome.commit() == null ? ", git unchanged" : ", git commit " + outcome.commit());
      return manifest;
    } catch (KeyException | IOException | BackupException | RuntimeException e) {
      if (stored != null && !manifestSaved) {
        deleteQuietly(stored.key());
      }
      throw e;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The snapshot archive: every object (Secrets included: the archive is encrypted). */
  static byte[] archive(List<ExportedObject> objects) {
    return ConfigTar.write(
        objects.stream().map(o -> new ConfigTar.Entry(o.path(), o.yaml())).toList());
  }

  private void deleteQuietly(String key) {
    try {
      repository.delete(key);
    } catch (IOException e) {
      LOG.warn("could not remove partial backup object {}: {}", key, e.getMessage());
    }
  }
}
