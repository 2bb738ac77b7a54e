package io.cadang.app;

import io.cadang.agent.backuplog.BackupLogTarget;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where to log each backup run (docs/backup-log.md). User and password only from {@code
 * CADANG_LOG_PGUSER} / {@code CADANG_LOG_PGPASSWORD}, never on the command line.
 */
final class BackupLogOptions {
  static final String USER_ENV = "CADANG_LOG_PGUSER";
  static final String PASSWORD_ENV = "CADANG_LOG_PGPASSWORD";

  @Option(names = "--log-host", description = "Write a backup log row to PostgreSQL at this host.")
  String host;

  @Option(names = "--log-port", description = "Backup log server port (default: 5432).")
  Integer port;

  @Option(names = "--log-database", description = "Backup log database.")
  String database;

  @Option(
      names = "--log-table",
      description = "Backup log table, schema.table (default: internal.backup_logs).")
  String table;

  @Option(
      names = "--log-sslmode",
      description = "libpq sslmode for the backup log connection (default: prefer).")
  String sslMode;

  @Option(names = "--policy", description = "Policy name written to the backup log.")
  String policy;

  /**
   * The log target, or null without {@code --log-host}. Malformed options are a usage error up
   * front; missing credentials are not (they become an unwritten log, never a failed backup), so
   * this returns the problem through {@link Prepared}.
   */
  Prepared prepare(CommandLine cli, Map<String, String> env) {
    if (host == null) {
      if (port != null || database != null || table != null || sslMode != null) {
        throw new ParameterException(
            cli, "--log-port, --log-database, --log-table and --log-sslmode need --log-host");
      }
      return new Prepared(null, null);
    }
    String user = env.get(USER_ENV);
    try {
      // Validates host, database and table whatever the credentials.
      BackupLogTarget.of(
          host, port == null ? 5432 : port, database, table, sslMode, "placeholder", null);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, e.getMessage());
    }
    if (user == null || user.isBlank()) {
      return new Prepared(
          null, "backup log: " + USER_ENV + " is not set (user for the backup log database)");
    }
    return new Prepared(
        BackupLogTarget.of(
            host,
            port == null ? 5432 : port,
            database,
            table,
            sslMode,
            user.trim(),
            env.get(PASSWORD_ENV)),
        null);
  }

  /** A target, or the reason there is none (both null: no logging asked for). */
  record Prepared(BackupLogTarget target, String problem) {
    boolean requested() {
      return target != null || problem != null;
    }
  }
}
