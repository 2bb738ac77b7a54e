package io.cadang.agent.restore;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.checks.CheckException;
import io.cadang.agent.checks.ChecksReport;
import io.cadang.agent.checks.QueryChecks;
import io.cadang.agent.checks.ServerChecks;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.manifest.KeyRecords;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.pipeline.RestorePhases;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.VerifyDepth;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.restore.RestoreReport.DatabaseResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores databases from a logical backup. Order matters for safety: resolve and authenticate the
 * manifest, check every target, then download, authenticate and checksum every artifact into a
 * scratch directory — only when all of that passed is anything written to the target. pg_restore
 * then runs in parallel from the staged file (parallel restore needs a seekable archive), and the
 * row counts are compared with the manifest.
 */
public final class LogicalRestore {
  private static final Logger LOG = LoggerFactory.getLogger(LogicalRestore.class);

  private final Repository repository;
  private final KeyProvider keys;
  private final Duration progressInterval;
  private final Consumer<PgTarget> beforeVerify;

  public LogicalRestore(Repository repository, KeyProvider keys, Duration progressInterval) {
    this(repository, keys, progressInterval, target -> {});
  }

  /**
   * @param beforeVerify tests only: runs on each database after it is loaded and before it is
   *     verified (a streamed restore's temporary database), to change what verification finds
   */
  public LogicalRestore(
      Repository repository,
      KeyProvider keys,
      Duration progressInterval,
      Consumer<PgTarget> beforeVerify) {
    this.repository = repository;
    this.keys = keys;
    this.progressInterval = progressInterval;
    this.beforeVerify = beforeVerify;
  }

  public RestoreReport run(RestoreRequest request)
      throws BackupException, PgException, KeyException, IOException, ManifestException {
    long start = System.nanoTime();
    BackupManifest manifest = new BackupCatalog(repository).resolve(request.backupRef());
    if (manifest.physicalKind()) {
      throw new BackupException(
          "backup '"
              + manifest.backupId()
              + "' is a physical base backup; restore it with 'cadang recover --backup-id'");
    }
    if (BackupManifest.KIND_FILES.equals(manifest.kind())) {
      throw new BackupException(
          "backup '"
              + manifest.backupId()
              + "' is a files backup; restore it with 'cadang restore --files-into=DIR'");
    }
    if (BackupManifest.KIND_CONFIGS.equals(manifest.kind())) {
      throw new BackupException(
          "backup '"
              + manifest.backupId()
              + "' is a config snapshot; restore it with 'cadang restore --configs'");
    }
    byte[] dataKey = KeyRecords.openDataKey(repository, manifest, keys);
    try {
      Map<DatabaseEntry, String> plan = plan(manifest, request);
      try (TargetServer server = TargetServer.inspect(request.target())) {
        PgTools tools = PgTools.forServer(request.pgBin(), server.major());
        for (Map.Entry<DatabaseEntry, String> e : plan.entrySet()) {
          server.checkWritable(e.getValue(), request.create(), request.overwrite());
        }
        LOG.info(
            "restore {}: {} → {} on {}",
            manifest.backupId(),
            plan.keySet().stream().map(DatabaseEntry::name).toList(),
            plan.values(),
            request.target());

        if (StreamedRestore.applies(request, plan, server)) {
          return new StreamedRestore(repository, progressInterval, beforeVerify)
              .run(request, manifest, dataKey, plan, server, tools, start);
        }
        // Into existing databases: staged first, so a corrupt backup is found before the target
        // is touched.
        RestorePhases.Timer timer = new RestorePhases.Timer();
        long stagingStarted = System.nanoTime();
        try (StagedBackup staged =
            StagedBackup.stage(
                repository,
                manifest,
                dataKey,
                plan.keySet(),
                request.globals(),
                request.scratchDir(),
                progressInterval)) {
          timer.download(stagingStarted);
          if (request.globals()) {
            new PgRestoreRunner(tools).applyGlobals(request.target(), staged.globalsFile());
          }
          List<DatabaseResult> results = new ArrayList<>();
          List<String> created = new ArrayList<>();
          ChecksReport checks;
          try {
            for (Map.Entry<DatabaseEntry, String> e : plan.entrySet()) {
              if (!server.exists(e.getValue())) {
                created.add(e.getValue());
              }
              results.add(
                  restoreOne(request, tools, server, staged, e.getKey(), e.getValue(), timer));
            }
            long checksStarted = System.nanoTime();
            checks = runChecks(request, tools, plan);
            timer.verify(checksStarted);
          } finally {
            if (request.dropCreated()) {
              // Whether it verified or not: a drill's scratch copy is measured, never kept.
              for (String database : created) {
                server.drop(database);
                LOG.info("drill: dropped scratch database {}", database);
              }
            }
          }
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          RestoreReport report =
              new RestoreReport(manifest.backupId(), results, took, checks, timer.phases());
          LOG.info(
              "restore {} finished in {} s: {}",
              manifest.backupId(),
              String.format("%.1f", took.toMillis() / 1000.0),
              report.verified()
                  ? "row counts match" + (checks.queries().isEmpty() ? "" : ", checks passed")
                  : "VERIFICATION FAILED");
          return report;
        }
      }
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The application's queries, on the restored databases under their restored names. */
  static ChecksReport runChecks(
      RestoreRequest request, PgTools tools, Map<DatabaseEntry, String> plan)
      throws BackupException {
    if (request.checks().isEmpty()) {
      return ChecksReport.NONE;
    }
    Map<String, String> restored = new HashMap<>();
    plan.forEach((source, target) -> restored.put(source.name(), target));
    try {
      return new ServerChecks(request.checks(), false)
          .run(
              tools.binDir(),
              QueryChecks.Server.of(request.target()),
              db ->
                  db == null
                      ? (plan.size() == 1 ? plan.values().iterator().next() : null)
                      : restored.get(db),
              1);
    } catch (CheckException e) {
      throw new BackupException(e.getMessage());
    }
  }

  private DatabaseResult restoreOne(
      RestoreRequest request,
      PgTools tools,
      TargetServer server,
      StagedBackup staged,
      DatabaseEntry source,
      String targetName,
      RestorePhases.Timer timer)
      throws PgException {
    if (!server.exists(targetName)) {
      server.create(targetName, source.encoding());
    }
    PgTarget target = request.target().withDatabase(targetName);
    Path dump = staged.dumpFile(source);
    indexForParallelRestore(source.name(), dump);
    long t0 = System.nanoTime();
    new PgRestoreRunner(tools)
        .restore(target, dump, request.jobs(), request.overwrite(), request.noOwner());
    LOG.info(
        "db {} → {}: pg_restore -j{} took {} s",
        source.name(),
        targetName,
        request.jobs(),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    timer.restore(t0);
    beforeVerify.accept(target);
    return verifyRestored(request, source, target, targetName, timer);
  }

  /**
   * Row counts and checksums of one restored database, unless the request turned verification off;
   * reported under {@code reportedName} (a streamed restore verifies its temporary database under
   * the target's name).
   */
  static DatabaseResult verifyRestored(
      RestoreRequest request,
      DatabaseEntry source,
      PgTarget restored,
      String reportedName,
      RestorePhases.Timer timer)
      throws PgException {
    if (!request.verify()) {
      return new DatabaseResult(source.name(), reportedName, 0, 0, List.of());
    }
    long started = System.nanoTime();
    DatabaseResult r =
        RowCountVerifier.verify(
            request.verifyDepth() == VerifyDepth.COUNTS ? source.withoutChecksums() : source,
            restored);
    timer.verify(started);
    for (RestoreReport.Mismatch m : r.mismatches()) {
      LOG.warn("db {}: {}", reportedName, m.describe());
    }
    return new DatabaseResult(
        r.source(),
        reportedName,
        r.tablesChecked(),
        r.rowsChecked(),
        r.mismatches(),
        r.checksumsChecked());
  }

  /**
   * A dump piped out of pg_dump has no data offsets in its TOC, so each pg_restore worker would
   * scan the archive for its data; record them first. Best effort: the restore works without.
   */
  private static void indexForParallelRestore(String database, Path dump) {
    long t0 = System.nanoTime();
    try {
      int blocks = DumpOffsets.index(dump);
      LOG.info(
          "db {}: indexed {} data blocks for parallel restore in {} ms",
          database,
          blocks,
          (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      LOG.warn(
          "db {}: could not index the dump's data blocks ({}); pg_restore will scan for them",
          database,
          e.toString());
    }
  }

  /** Which backed-up database goes to which target name. */
  static Map<DatabaseEntry, String> plan(BackupManifest manifest, RestoreRequest request)
      throws BackupException {
    List<DatabaseEntry> chosen = new ArrayList<>();
    if (request.databases().isEmpty()) {
      chosen.addAll(manifest.databases());
    } else {
      for (String name : request.databases()) {
        chosen.add(
            manifest
                .database(name)
                .orElseThrow(
                    () ->
                        new BackupException(
                            "backup '"
                                + manifest.backupId()
                                + "' has no database '"
                                + name
                                + "' (it has "
                                + manifest.databases().stream().map(DatabaseEntry::name).toList()
                                + ")")));
      }
    }
    if (chosen.isEmpty()) {
      throw new BackupException("backup '" + manifest.backupId() + "' holds no databases");
    }
    if (request.targetDatabase() != null && chosen.size() != 1) {
      throw new BackupException(
          "--target-db names one database but "
              + chosen.size()
              + " would be restored; choose one with --database");
    }
    Map<DatabaseEntry, String> plan = new LinkedHashMap<>();
    for (DatabaseEntry entry : chosen) {
      plan.put(entry, request.targetDatabase() != null ? request.targetDatabase() : entry.name());
    }
    return plan;
  }
}
