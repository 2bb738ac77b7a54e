package io.cadang.agent.backup;

import io.cadang.agent.crypto.ArtifactContext;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.manifest.BackupManifest.TableRows;
import io.cadang.agent.pipeline.ArtifactWriter;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.postgres.CopyDigest;
import io.cadang.agent.postgres.CopyDigests;
import io.cadang.agent.postgres.ExportedSnapshot;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.TableCount;
import io.cadang.agent.postgres.ToolProcess;
import io.cadang.agent.postgres.VerifyDepth;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs pg_dump / pg_dumpall and streams their output through the artifact pipeline. */
final class DatabaseDumper {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseDumper.class);

  private final PgTools tools;
  private final ArtifactWriter writer;
  private final Duration progressInterval;
  private final VerifyDepth depth;

  DatabaseDumper(
      PgTools tools, ArtifactWriter writer, Duration progressInterval, VerifyDepth depth) {
    this.tools = tools;
    this.writer = writer;
    this.progressInterval = progressInterval;
    this.depth = depth;
  }

  /** One database's dump artifact and its row counts. */
  record Dumped(String database, ArtifactEntry artifact, List<TableCount> counts) {
    DatabaseEntry entry(String encoding) {
      return new DatabaseEntry(
          database,
          artifact.name(),
          encoding,
          counts.stream()
              .map(c -> new TableRows(c.schema(), c.table(), c.rows(), c.checksum()))
              .toList());
    }
  }

  /**
   * Dumps one database. The snapshot is exported first and held open; pg_dump imports it, and the
   * row counts are taken in it concurrently, so counts and dump describe the same instant.
   */
  Dumped dump(PgTarget target, String backupId, byte[] dataKey, String encoding)
      throws PgException, IOException {
    String object = BackupLayout.databaseObject(target.database());
    // Content checksums of a UTF8 database come from the dump itself as it streams by (the
    // verifying COPY reads UTF8 too); other encodings hash rows in SQL in the snapshot.
    boolean fromStream = depth == VerifyDepth.CHECKSUMS && "UTF8".equalsIgnoreCase(encoding);
    Map<String, String> dumpEnv = new HashMap<>(target.libpqEnvironment());
    dumpEnv.putAll(CopyDigests.DUMP_ENVIRONMENT);
    try (ExportedSnapshot snapshot = ExportedSnapshot.begin(target);
        ProgressMeter meter =
            new ProgressMeter("backup " + backupId + " db " + target.database(), progressInterval);
        ToolProcess pgDump =
            ToolProcess.start(
                "pg_dump",
                List.of(
                    tools.tool("pg_dump").toString(),
                    "--format=custom",
                    "--compress=0",
                    "--snapshot=" + snapshot.id(),
                    "--no-password"),
                dumpEnv)) {
      pgDump.stdin().close();
      CompletableFuture<List<TableCount>> counts =
          countAsync(snapshot, fromStream ? VerifyDepth.COUNTS : depth);
      DumpDataDigests digests = fromStream ? new DumpDataDigests() : null;
      InputStream archive =
          digests == null ? pgDump.stdout() : new DigestingInputStream(pgDump.stdout(), digests);
      ArtifactEntry artifact;
      try {
        artifact =
            writer.write(
                BackupLayout.objectKey(backupId, object),
                new ArtifactContext(backupId, object),
                "pg_dump-custom",
                dataKey,
                archive,
                meter);
      } catch (IOException e) {
        // A dump that dies mid-stream usually explains itself on stderr; prefer that message.
        Optional<String> dumpError = pgDump.failureAfterReaderGaveUp();
        if (dumpError.isPresent()) {
          throw new PgException(
              PgException.Reason.TOOL_FAILED,
              "pg_dump of '" + target.database() + "' failed: " + dumpError.get(),
              e);
        }
        throw e;
      }
      awaitSuccess(pgDump, artifact, backupId);
      List<TableCount> rows = join(counts, target);
      if (digests != null) {
        rows = withDigests(rows, digests, snapshot, target);
      }
      LOG.info(
          "db {}: {} raw → {} stored in {} s ({} MiB/s), {} tables, {} rows",
          target.database(),
          ByteSizes.human(artifact.rawBytes()),
          ByteSizes.human(artifact.storedBytes()),
          String.format("%.1f", meter.elapsed().toMillis() / 1000.0),
          String.format("%.1f", meter.mibPerSecond()),
          rows.size(),
          rows.stream().mapToLong(TableCount::rows).sum());
      return new Dumped(target.database(), artifact, rows);
    }
  }

  /**
   * The snapshot's row counts with each table's digest from the dump; a table the dump holds no
   * data for (a partitioned table's parent) has none. When the archive was not understood, the
   * checksums are taken in SQL in the still-open snapshot instead: slower, the same guarantee.
   */
  private static List<TableCount> withDigests(
      List<TableCount> counts, DumpDataDigests digests, ExportedSnapshot snapshot, PgTarget target)
      throws PgException {
    Optional<Map<DumpDataDigests.TableKey, CopyDigest>> found = digests.digests();
    if (found.isEmpty()) {
      LOG.warn(
          "db {}: content checksums from the dump stream unavailable ({}); hashing rows in SQL",
          target.database(),
          digests.failure());
      return snapshot.tableContents(VerifyDepth.CHECKSUMS);
    }
    List<TableCount> out = new ArrayList<>(counts.size());
    for (TableCount c : counts) {
      CopyDigest d = found.get().get(new DumpDataDigests.TableKey(c.schema(), c.table()));
      out.add(new TableCount(c.schema(), c.table(), c.rows(), d == null ? null : d.value()));
    }
    return out;
  }

  /** Roles and tablespaces; they live outside any database, so no snapshot applies. */
  ArtifactEntry dumpGlobals(PgTarget target, String backupId, byte[] dataKey)
      throws PgException, IOException {
    String object = BackupLayout.GLOBALS_OBJECT;
    try (ProgressMeter meter =
            new ProgressMeter("backup " + backupId + " globals", progressInterval);
        ToolProcess dumpAll =
            ToolProcess.start(
                "pg_dumpall",
                List.of(
                    tools.tool("pg_dumpall").toString(),
                    "--globals-only",
                    "--no-password",
                    "--database=" + target.database()),
                target.libpqEnvironment())) {
      dumpAll.stdin().close();
      ArtifactEntry artifact =
          writer.write(
              BackupLayout.objectKey(backupId, object),
              new ArtifactContext(backupId, object),
              "sql",
              dataKey,
              dumpAll.stdout(),
              meter);
      awaitSuccess(dumpAll, artifact, backupId);
      return artifact;
    }
  }

  /** A tool that exits non-zero after its output was stored still means a bad artifact. */
  private void awaitSuccess(ToolProcess tool, ArtifactEntry artifact, String backupId)
      throws PgException, IOException {
    try {
      tool.awaitSuccess();
    } catch (PgException e) {
      writer.discard(artifact.key());
      throw e;
    }
  }

  private static CompletableFuture<List<TableCount>> countAsync(
      ExportedSnapshot snapshot, VerifyDepth depth) {
    CompletableFuture<List<TableCount>> future = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                future.complete(snapshot.tableContents(depth));
              } catch (PgException | RuntimeException e) {
                future.completeExceptionally(e);
              }
            },
            "row-counts");
    t.setDaemon(true);
    t.start();
    return future;
  }

  private static List<TableCount> join(CompletableFuture<List<TableCount>> f, PgTarget target)
      throws PgException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PgException pe) {
        throw pe;
      }
      throw new PgException(
          PgException.Reason.FAILED, "counting rows in " + target.database() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgException(PgException.Reason.FAILED, "interrupted while counting rows");
    }
  }
}
