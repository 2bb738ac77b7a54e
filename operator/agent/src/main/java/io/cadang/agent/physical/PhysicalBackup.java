package io.cadang.agent.physical;

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
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.ToolProcess;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.Lsn;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A physical base backup: {@code pg_basebackup} writes the data directory as one tar stream (with
 * the WAL needed for consistency fetched in and its own backup_manifest appended) to stdout, which
 * flows through the artifact pipeline into {@code base.tar}. The WAL range is taken from
 * pg_basebackup's report and cross-checked against the backup_label and backup_manifest inside the
 * stream; the sealed manifest is written last, so a failed run leaves no backup behind.
 */
public final class PhysicalBackup {
  private static final Logger LOG = LoggerFactory.getLogger(PhysicalBackup.class);
  static final String CIPHER = "AES-256-GCM-framed-v1";
  public static final String BASE_OBJECT = "base.tar";
  public static final String CONTENT_TYPE = "pg_basebackup-tar";
  private static final Pattern MANIFEST_WAL_RANGE =
      Pattern.compile(
          "\"Timeline\"\\s*:\\s*(\\d+)\\s*,\\s*\"Start-LSN\"\\s*:\\s*\"([0-9A-F/]+)\"\\s*,"
              + "\\s*\"End-LSN\"\\s*:\\s*\"([0-9A-F/]+)\"");

  private final Repository repository;
  private final KeyProvider keys;
  private final Clock clock;
  private final Duration progressInterval;

  public PhysicalBackup(
      Repository repository, KeyProvider keys, Clock clock, Duration progressInterval) {
    this.repository = repository;
    this.keys = keys;
    this.clock = clock;
    this.progressInterval = progressInterval;
  }

  public BackupManifest run(PhysicalBackupRequest request)
      throws BackupException, PgException, KeyException, IOException {
    Instant started = clock.instant();
    BackupCatalog catalog = new BackupCatalog(repository);
    String backupId = BackupIds.forNewBackup(request.backupId(), started, catalog);
    PhysicalSource source = PhysicalSource.inspect(request.source());
    PgTools tools = PgTools.forServer(request.pgBin(), source.server().major());
    String toolVersion = tools.version("pg_basebackup");
    String label = "cadang " + backupId;
    LOG.info(
        "backup {}: physical base backup of {} (PostgreSQL {}, system {}), {} to {}",
        backupId,
        request.source(),
        source.server().version(),
        source.systemIdentifier(),
        toolVersion,
        repository.describe());

    byte[] dataKey = DataKeys.generate();
    ArtifactEntry stored = null;
    try {
      WrappedKey wrapped = keys.wrap(dataKey);
      Instant backupStartedAt = PhysicalSource.serverNow(request.source());
      Streamed streamed = stream(tools, request, backupId, label, dataKey);
      stored = streamed.artifact();
      Instant backupStoppedAt = PhysicalSource.serverNow(request.source());
      BackupManifest.Physical physical;
      try {
        physical = facts(streamed, label, source, backupStartedAt, backupStoppedAt);
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new BackupException("backup " + backupId + " is inconsistent: " + e.getMessage());
      }
      BackupManifest manifest =
          ManifestCodec.seal(
              new BackupManifest(
                  BackupManifest.FORMAT_VERSION,
                  backupId,
                  BackupManifest.KIND_PHYSICAL,
                  started,
                  clock.instant(),
                  CadangVersion.current(),
                  new BackupManifest.Source(
                      request.source().host(),
                      request.source().port(),
                      source.server().version(),
                      source.server().versionNum(),
                      toolVersion),
                  new BackupManifest.Encryption(CIPHER, "zstd", wrapped),
                  List.of(),
                  List.of(stored),
                  physical,
                  null),
              dataKey);
      catalog.save(manifest);
      LOG.info(
          "backup {} complete: {} raw, {} stored, WAL {} … {} on timeline {}, {} s",
          backupId,
          ByteSizes.human(stored.rawBytes()),
          ByteSizes.human(stored.storedBytes()),
          physical.startLsn(),
          physical.stopLsn(),
          physical.timeline(),
          String.format(
              "%.1f", Duration.between(started, manifest.finishedAt()).toMillis() / 1000.0));
      return manifest;
    } catch (PgException | KeyException | IOException | BackupException | RuntimeException e) {
      if (stored != null) {
        deleteQuietly(stored.key());
      }
      throw e;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The stored artifact and what was learnt about it on the way. */
  private record Streamed(ArtifactEntry artifact, BaseBackupLog log, TarSniffer tar) {}

  private Streamed stream(
      PgTools tools, PhysicalBackupRequest request, String backupId, String label, byte[] dataKey)
      throws PgException, IOException {
    ArtifactWriter writer = new ArtifactWriter(repository, request.compression());
    String key = BackupLayout.objectKey(backupId, BASE_OBJECT);
    try (ProgressMeter meter = new ProgressMeter("backup " + backupId + " base", progressInterval);
        ToolProcess pgBaseBackup =
            ToolProcess.start(
                "pg_basebackup", command(tools, label), request.source().libpqEnvironment())) {
      pgBaseBackup.stdin().close();
      TarSniffer tar = new TarSniffer(pgBaseBackup.stdout());
      ArtifactEntry artifact;
      try {
        artifact =
            writer.write(
                key, new ArtifactContext(backupId, BASE_OBJECT), CONTENT_TYPE, dataKey, tar, meter);
      } catch (IOException | RuntimeException e) {
        Optional<String> toolError = pgBaseBackup.failureAfterReaderGaveUp();
        if (toolError.isPresent()) {
          throw new PgException(
              PgException.Reason.TOOL_FAILED, "pg_basebackup failed: " + toolError.get(), e);
        }
        throw e;
      }
      try {
        pgBaseBackup.awaitSuccess();
        if (!tar.complete()) {
          throw new PgException(
              PgException.Reason.TOOL_FAILED,
              "pg_basebackup's tar stream ended without its end-of-archive marker");
        }
        return new Streamed(artifact, BaseBackupLog.parse(pgBaseBackup.stderrText()), tar);
      } catch (PgException | RuntimeException e) {
        writer.discard(artifact.key());
        throw e;
      }
    }
  }

  /**
   * pg_basebackup to stdout: tar is the only format that can go there, and {@code -X fetch} is the
   * only WAL method that fits in the same stream (so the backup is self-contained up to its end
   * point). The backup_manifest stays inside the tar so recovery can check every file with
   * pg_verifybackup after extraction.
   */
  static List<String> command(PgTools tools, String label) {
    return List.of(
        tools.tool("pg_basebackup").toString(),
        "--pgdata=-",
        "--format=tar",
        "--wal-method=fetch",
        "--checkpoint=fast",
        "--manifest-checksums=CRC32C",
        "--verbose",
        "--no-password",
        "--label=" + label);
  }

  /** Puts together the physical section, refusing a backup whose sources disagree. */
  static BackupManifest.Physical facts(
      Streamed streamed,
      String label,
      PhysicalSource source,
      Instant backupStartedAt,
      Instant backupStoppedAt) {
    BaseBackupLog log = streamed.log();
    String labelText = streamed.tar().backupLabel();
    if (labelText == null) {
      throw new IllegalStateException("the base backup holds no backup_label");
    }
    BackupLabel backupLabel = BackupLabel.parse(labelText);
    if (!backupLabel.startLsn().equals(log.startLsn())
        || (backupLabel.timeline() != 0 && backupLabel.timeline() != log.timeline())
        || !backupLabel.label().equals(label)) {
      throw new IllegalStateException(
          "backup_label (start "
              + backupLabel.startLsn()
              + ", timeline "
              + backupLabel.timeline()
              + ", label '"
              + backupLabel.label()
              + "') disagrees with pg_basebackup (start "
              + log.startLsn()
              + ", timeline "
              + log.timeline()
              + ")");
    }
    String manifestTail = streamed.tar().manifestTail();
    if (manifestTail != null) {
      Matcher m = MANIFEST_WAL_RANGE.matcher(manifestTail);
      if (m.find()
          && (Integer.parseInt(m.group(1)) != log.timeline()
              || !Lsn.parse(m.group(2)).equals(log.startLsn())
              || !Lsn.parse(m.group(3)).equals(log.stopLsn()))) {
        throw new IllegalStateException(
            "backup_manifest's WAL range disagrees with pg_basebackup's report");
      }
    }
    String tarSystem = streamed.tar().controlSystemIdentifier();
    if (tarSystem != null && !tarSystem.equals(source.systemIdentifier())) {
      throw new IllegalStateException(
          "the backup's pg_control names system "
              + tarSystem
              + " but the server reported "
              + source.systemIdentifier());
    }
    return new BackupManifest.Physical(
        log.startLsn().toString(),
        log.stopLsn().toString(),
        log.timeline(),
        label,
        source.systemIdentifier(),
        backupStartedAt,
        backupStoppedAt,
        source.bootstrapRole());
  }

  private void deleteQuietly(String key) {
    try {
      repository.delete(key);
    } catch (IOException e) {
      LOG.warn("could not remove partial backup object {}: {}", key, e.getMessage());
    }
  }
}
