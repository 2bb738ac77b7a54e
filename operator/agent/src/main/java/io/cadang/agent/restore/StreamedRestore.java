package io.cadang.agent.restore;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.checks.ChecksReport;
import io.cadang.agent.checks.QueryCheckResult;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.pipeline.RestorePhases;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.ToolProcess;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.restore.RestoreReport.DatabaseResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore into new databases that streams: each dump goes from the repository through decryption
 * (every frame authenticated) and decompression straight into {@code pg_restore}, with no staging
 * pass, into a temporary database created for it. Only when every byte, the object's SHA-256 and
 * size, every row count and checksum and every application check have passed do the temporary
 * databases get their final names; on any failure they are dropped and no target database ever
 * exists. A corrupt or tampered backup therefore still leaves nothing behind.
 */
final class StreamedRestore {
  private static final Logger LOG = LoggerFactory.getLogger(StreamedRestore.class);
  private static final int MAX_NAME_BYTES = 63;

  private final Repository repository;
  private final Duration progressInterval;

  /** Tests only: runs on each temporary database after loading and before verification. */
  private final Consumer<PgTarget> beforeVerify;

  StreamedRestore(
      Repository repository, Duration progressInterval, Consumer<PgTarget> beforeVerify) {
    this.repository = repository;
    this.progressInterval = progressInterval;
    this.beforeVerify = beforeVerify;
  }

  /** True when every target is a database this restore creates: only then can it stream. */
  static boolean applies(
      RestoreRequest request, Map<DatabaseEntry, String> plan, TargetServer server)
      throws PgException {
    if (!request.create() || request.overwrite()) {
      return false;
    }
    for (String target : plan.values()) {
      if (server.exists(target)) {
        return false;
      }
    }
    return true;
  }

  RestoreReport run(
      RestoreRequest request,
      BackupManifest manifest,
      byte[] dataKey,
      Map<DatabaseEntry, String> plan,
      TargetServer server,
      PgTools tools,
      long started)
      throws BackupException, PgException, IOException {
    RestorePhases.Timer timer = new RestorePhases.Timer();
    if (request.globals()) {
      long t0 = System.nanoTime();
      try (StagedBackup globals =
          StagedBackup.stage(
              repository,
              manifest,
              dataKey,
              Set.of(),
              true,
              request.scratchDir(),
              progressInterval)) {
        timer.download(t0);
        new PgRestoreRunner(tools).applyGlobals(request.target(), globals.globalsFile());
      }
    }
    Map<DatabaseEntry, String> temporaries = new LinkedHashMap<>();
    boolean named = false;
    try {
      List<DatabaseResult> results = new ArrayList<>();
      for (Map.Entry<DatabaseEntry, String> e : plan.entrySet()) {
        DatabaseEntry source = e.getKey();
        String temporary = temporaryName(e.getValue());
        server.create(temporary, source.encoding());
        temporaries.put(source, temporary);
        PgTarget into = request.target().withDatabase(temporary);
        long t0 = System.nanoTime();
        stream(manifest, dataKey, source, into, tools, request.noOwner());
        timer.restore(t0);
        LOG.info(
            "db {} → {} (as {} until verified): streamed pg_restore took {} s",
            source.name(),
            e.getValue(),
            temporary,
            String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        beforeVerify.accept(into);
        results.add(LogicalRestore.verifyRestored(request, source, into, e.getValue(), timer));
      }
      long t0 = System.nanoTime();
      ChecksReport checks = LogicalRestore.runChecks(request, tools, temporaries);
      timer.verify(t0);
      checks = underFinalNames(checks, temporaries, plan);
      RestoreReport report =
          new RestoreReport(
              manifest.backupId(),
              results,
              Duration.ofNanos(System.nanoTime() - started),
              checks,
              timer.phases());
      if (!report.verified()) {
        LOG.warn("restore {}: verification failed, nothing is kept", manifest.backupId());
        return report;
      }
      for (Map.Entry<DatabaseEntry, String> e : temporaries.entrySet()) {
        server.rename(e.getValue(), plan.get(e.getKey()));
      }
      named = true;
      if (request.dropCreated()) {
        for (String database : plan.values()) {
          server.drop(database);
          LOG.info("drill: dropped scratch database {}", database);
        }
      }
      return report;
    } finally {
      if (!named) {
        for (String temporary : temporaries.values()) {
          try {
            server.drop(temporary);
          } catch (PgException e) {
            LOG.warn("could not drop temporary database {}: {}", temporary, e.getMessage());
          }
        }
      }
    }
  }

  /** Repository → decrypt → decompress → pg_restore's stdin, with no copy on disk. */
  private void stream(
      BackupManifest manifest,
      byte[] dataKey,
      DatabaseEntry source,
      PgTarget into,
      PgTools tools,
      boolean noOwner)
      throws BackupException, PgException, IOException {
    ArtifactEntry entry = StagedBackup.object(manifest, source.object());
    try (ProgressMeter meter =
            new ProgressMeter(
                "restore " + manifest.backupId() + " db " + source.name(),
                progressInterval,
                entry.rawBytes());
        ToolProcess restore = new PgRestoreRunner(tools).startFromStdin(into, noOwner)) {
      try (OutputStream stdin = restore.stdin()) {
        new ArtifactReader(repository)
            .read(manifest.backupId(), entry, dataKey, stdin, true, meter);
      } catch (ArtifactIntegrityException e) {
        throw e; // the backup is bad: that, not pg_restore's reaction to it, is the message
      } catch (IOException e) {
        // pg_restore stopped reading: it failed, and its error explains the broken pipe.
        Optional<String> failure = restore.failureAfterReaderGaveUp();
        if (failure.isPresent()) {
          throw new PgException(
              PgException.Reason.TOOL_FAILED,
              "pg_restore of '" + source.name() + "' failed: " + failure.get(),
              e);
        }
        throw e;
      }
      restore.awaitSuccess();
    }
  }

  /** Check results name the databases as the user will know them, not the temporary names. */
  private static ChecksReport underFinalNames(
      ChecksReport checks,
      Map<DatabaseEntry, String> temporaries,
      Map<DatabaseEntry, String> plan) {
    Map<String, String> finalName = new LinkedHashMap<>();
    temporaries.forEach((source, temporary) -> finalName.put(temporary, plan.get(source)));
    List<QueryCheckResult> renamed = new ArrayList<>();
    for (QueryCheckResult q : checks.queries()) {
      renamed.add(
          new QueryCheckResult(
              q.name(),
              finalName.getOrDefault(q.database(), q.database()),
              q.passed(),
              q.rows(),
              q.value(),
              q.problem()));
    }
    return new ChecksReport(renamed, checks.amcheck());
  }

  /** {@code <target>_cadang_<6 hex>}, the target cut so the whole fits PostgreSQL's 63 bytes. */
  static String temporaryName(String target) {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    String suffix = "_cadang_" + HexFormat.of().formatHex(random);
    String base = target;
    while (base.getBytes(StandardCharsets.UTF_8).length + suffix.length() > MAX_NAME_BYTES) {
      base = base.substring(0, base.length() - 1);
    }
    return base + suffix;
  }
}
