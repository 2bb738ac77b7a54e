package io.cadang.agent.backup;

import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.VerifyDepth;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code cadang backup} run covers.
 *
 * @param source connection to the server; its database is the maintenance database used for catalog
 *     queries and globals
 * @param databases databases to dump; empty means every non-template database
 * @param globals also dump roles and tablespaces ({@code pg_dumpall --globals-only})
 * @param backupId the id to use (the operator passes the run's name); null generates one
 * @param pgBin explicit PostgreSQL tools directory, or null to choose by server version
 * @param compression zstd settings
 * @param depth what the manifest records per table for the restore to compare: row counts, or row
 *     counts and content checksums
 */
public record BackupRequest(
    PgTarget source,
    List<String> databases,
    boolean globals,
    String backupId,
    Path pgBin,
    CompressionSettings compression,
    VerifyDepth depth) {

  /** The default depth: {@link #DEFAULT_DEPTH}. */
  public BackupRequest(
      PgTarget source,
      List<String> databases,
      boolean globals,
      String backupId,
      Path pgBin,
      CompressionSettings compression) {
    this(source, databases, globals, backupId, pgBin, compression, DEFAULT_DEPTH);
  }

  public static final VerifyDepth DEFAULT_DEPTH = VerifyDepth.CHECKSUMS;
}
