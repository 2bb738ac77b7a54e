package io.cadang.agent.restore;

import io.cadang.agent.checks.QueryCheck;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.VerifyDepth;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code cadang restore} does.
 *
 * @param backupRef a backup id or {@code latest}
 * @param databases source databases to restore; empty means all in the backup
 * @param target the target server; its database is the maintenance database for catalog queries
 * @param targetDatabase restore into this database name (only with one source database); null keeps
 *     the source names
 * @param create create missing target databases
 * @param overwrite allow restoring into a non-empty database (objects in the dump are replaced)
 * @param jobs pg_restore parallel jobs
 * @param globals also apply the backup's roles and tablespaces
 * @param noOwner skip ownership (when the roles do not exist on the target)
 * @param verify compare row counts with the manifest afterwards
 * @param verifyDepth COUNTS compares row counts only, even where the manifest has checksums
 * @param dropCreated drop the databases this restore created once verified (a drill cleaning up its
 *     scratch copy, so the next drill finds the target empty)
 * @param scratchDir where the verified plaintext dump is staged for pg_restore
 * @param pgBin explicit PostgreSQL tools directory, or null to choose by server version
 * @param checks application queries run on the restored databases after verification
 */
public record RestoreRequest(
    String backupRef,
    List<String> databases,
    PgTarget target,
    String targetDatabase,
    boolean create,
    boolean overwrite,
    int jobs,
    boolean globals,
    boolean noOwner,
    boolean verify,
    Path scratchDir,
    Path pgBin,
    VerifyDepth verifyDepth,
    boolean dropCreated,
    List<QueryCheck> checks) {

  /** Verification compares whatever the manifest recorded; nothing is dropped afterwards. */
  public RestoreRequest(
      String backupRef,
      List<String> databases,
      PgTarget target,
      String targetDatabase,
      boolean create,
      boolean overwrite,
      int jobs,
      boolean globals,
      boolean noOwner,
      boolean verify,
      Path scratchDir,
      Path pgBin) {
    this(
        backupRef,
        databases,
        target,
        targetDatabase,
        create,
        overwrite,
        jobs,
        globals,
        noOwner,
        verify,
        scratchDir,
        pgBin,
        VerifyDepth.CHECKSUMS,
        false,
        List.of());
  }
}
