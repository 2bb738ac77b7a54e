package io.cadang.agent.backup;

import io.cadang.agent.crypto.DataKeys;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.pipeline.ArtifactWriter;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical backup of one server: every requested database dumped in its own exported snapshot,
 * globals optionally, each artifact compressed, encrypted and durable before the sealed manifest is
 * written last. If anything fails, the artifacts already stored are deleted and no manifest exists,
 * so a half-finished backup can never be mistaken for a good one.
 */
public final class LogicalBackup {
  private static final Logger LOG = LoggerFactory.getLogger(LogicalBackup.class);
  static final String CIPHER = "AES-256-GCM-framed-v1";

  private final Repository repository;
  private final KeyProvider keys;
  private final Clock clock;
  private final Duration progressInterval;

  public LogicalBackup(
      Repository repository, KeyProvider keys, Clock clock, Duration progressInterval) {
    this.repository = repository;
    this.keys = keys;
    this.clock = clock;
    this.progressInterval = progressInterval;
  }

  public BackupManifest run(BackupRequest request)
      throws BackupException, PgException, KeyException, IOException {
    Instant started = clock.instant();
    BackupCatalog catalog = new BackupCatalog(repository);
    String backupId = BackupIds.forNewBackup(request.backupId(), started, catalog);
    SourcePlan plan = SourcePlan.inspect(request);
    PgTools tools = PgTools.forServer(request.pgBin(), plan.server().major());
    String pgDumpVersion = tools.version("pg_dump");
    LOG.info(
        "backup {}: {} database(s) {} from {} (PostgreSQL {}), {} to {}",
        backupId,
        plan.databases().size(),
        plan.databases(),
        request.source(),
        plan.server().version(),
        pgDumpVersion,
        repository.describe());

    byte[] dataKey = DataKeys.generate();
    List<ArtifactEntry> stored = new ArrayList<>();
    try {
      WrappedKey wrapped = keys.wrap(dataKey);
      ArtifactWriter writer = new ArtifactWriter(repository, request.compression());
      DatabaseDumper dumper = new DatabaseDumper(tools, writer, progressInterval, request.depth());
      List<DatabaseEntry> databases = new ArrayList<>();
      for (String database : plan.databases()) {
        DatabaseDumper.Dumped dumped =
            dumper.dump(
                request.source().withDatabase(database),
                backupId,
                dataKey,
                plan.encodingOf(database));
        stored.add(dumped.artifact());
        databases.add(dumped.entry(plan.encodingOf(database)));
      }
      if (request.globals()) {
        stored.add(dumper.dumpGlobals(request.source(), backupId, dataKey));
      }
      BackupManifest manifest =
          ManifestCodec.seal(
              new BackupManifest(
                  BackupManifest.FORMAT_VERSION,
                  backupId,
                  BackupManifest.KIND_LOGICAL,
                  started,
                  clock.instant(),
                  CadangVersion.current(),
                  new BackupManifest.Source(
                      request.source().host(),
                      request.source().port(),
                      plan.server().version(),
                      plan.server().versionNum(),
                      pgDumpVersion),
                  new BackupManifest.Encryption(CIPHER, "zstd", wrapped),
                  databases,
                  stored,
                  null,
                  null),
              dataKey);
      catalog.save(manifest);
      logSummary(manifest);
      return manifest;
    } catch (PgException | KeyException | IOException | RuntimeException e) {
      deleteQuietly(stored);
      throw e;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private void logSummary(BackupManifest m) {
    Duration took = Duration.between(m.startedAt(), m.finishedAt());
    double seconds = Math.max(0.001, took.toMillis() / 1000.0);
    LOG.info(
        "backup {} complete: {} objects, {} raw, {} stored ({}%), {} s, {} MiB/s, key {} v{}",
        m.backupId(),
        m.objects().size(),
        ByteSizes.human(m.totalRawBytes()),
        ByteSizes.human(m.totalStoredBytes()),
        m.totalRawBytes() == 0 ? 100 : Math.round(100.0 * m.totalStoredBytes() / m.totalRawBytes()),
        String.format("%.1f", seconds),
        String.format("%.1f", m.totalRawBytes() / 1048576.0 / seconds),
        m.encryption().wrappedKey().keyId(),
        m.encryption().wrappedKey().keyVersion());
  }

  /** Without a manifest the objects are unreachable anyway; removing them saves the storage. */
  private void deleteQuietly(List<ArtifactEntry> stored) {
    for (ArtifactEntry entry : stored) {
      try {
        repository.delete(entry.key());
      } catch (IOException e) {
        LOG.warn("could not remove partial backup object {}: {}", entry.key(), e.getMessage());
      }
    }
  }
}
