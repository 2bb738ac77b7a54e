package io.cadang.agent.restore;

import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.ToolProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs pg_restore and psql for a restore; connection settings and password via environment. */
final class PgRestoreRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PgRestoreRunner.class);

  private final PgTools tools;

  PgRestoreRunner(PgTools tools) {
    this.tools = tools;
  }

  /**
   * pg_restore reading the archive from its stdin, in one session and in archive order (a piped
   * archive has no data offsets, so no {@code -j}); the caller writes the archive and closes stdin.
   */
  ToolProcess startFromStdin(PgTarget target, boolean noOwner) throws PgException {
    List<String> cmd = new ArrayList<>();
    cmd.add(tools.tool("pg_restore").toString());
    cmd.add("--dbname=" + conninfoDbname(target.database()));
    cmd.add("--exit-on-error");
    cmd.add("--no-password");
    if (noOwner) {
      cmd.add("--no-owner");
      cmd.add("--no-privileges");
    }
    return ToolProcess.start("pg_restore", cmd, target.libpqEnvironment());
  }

  void restore(PgTarget target, Path dump, int jobs, boolean overwrite, boolean noOwner)
      throws PgException {
    List<String> cmd = new ArrayList<>();
    cmd.add(tools.tool("pg_restore").toString());
    cmd.add("--dbname=" + conninfoDbname(target.database()));
    cmd.add("--jobs=" + Math.max(1, jobs));
    cmd.add("--exit-on-error");
    cmd.add("--no-password");
    if (overwrite) {
      cmd.add("--clean");
      cmd.add("--if-exists");
    }
    if (noOwner) {
      cmd.add("--no-owner");
      cmd.add("--no-privileges");
    }
    cmd.add(dump.toString());
    try (ToolProcess p = ToolProcess.start("pg_restore", cmd, target.libpqEnvironment())) {
      p.stdin().close();
      p.stdout().transferTo(java.io.OutputStream.nullOutputStream());
      p.awaitSuccess();
    } catch (java.io.IOException e) {
      throw new PgException(PgException.Reason.TOOL_FAILED, "pg_restore I/O failed", e);
    }
  }

  /**
   * Applies roles and tablespaces. Roles that already exist (the restoring user at least) make psql
   * report errors that are expected, so they are logged rather than fatal.
   */
  void applyGlobals(PgTarget maintenance, Path dumped) throws PgException {
    Path sql = dumped.resolveSibling(dumped.getFileName() + ".filtered.sql");
    try {
      int skipped = GlobalsFilter.writeFiltered(dumped, sql, maintenance.user());
      if (skipped > 0) {
        LOG.info(
            "globals: {} statement(s) about the connecting role '{}' left out so its password and"
                + " attributes stay as they are",
            skipped,
            maintenance.user());
      }
    } catch (java.io.IOException e) {
      throw new PgException(PgException.Reason.FAILED, "cannot prepare globals script", e);
    }
    List<String> cmd =
        List.of(
            tools.tool("psql").toString(),
            "--no-psqlrc",
            "--quiet",
            "--no-password",
            "--set=ON_ERROR_STOP=0",
            "--dbname=" + conninfoDbname(maintenance.database()),
            "--file=" + sql);
    try (ToolProcess p = ToolProcess.start("psql", cmd, maintenance.libpqEnvironment())) {
      p.stdin().close();
      p.stdout().transferTo(java.io.OutputStream.nullOutputStream());
      p.awaitSuccess();
      long errors = p.stderrText().lines().filter(l -> l.contains("ERROR:")).count();
      if (errors > 0) {
        LOG.warn(
            "globals applied with {} statement(s) skipped (e.g. roles that already exist)", errors);
      } else {
        LOG.info("globals applied");
      }
    } catch (java.io.IOException e) {
      throw new PgException(PgException.Reason.TOOL_FAILED, "psql I/O failed", e);
    }
  }

  /** A conninfo string naming only the database, so any database name is passed safely. */
  static String conninfoDbname(String database) {
    return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
