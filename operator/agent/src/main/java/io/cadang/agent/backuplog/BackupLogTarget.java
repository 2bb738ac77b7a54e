package io.cadang.agent.backuplog;

import io.cadang.agent.postgres.PgTarget;
import java.util.regex.Pattern;

/**
 * Where backup log rows go: a PostgreSQL server and a {@code schema.table} (default {@value
 * #DEFAULT_TABLE}). The password is held for the connection only and never printed.
 */
public record BackupLogTarget(
    String host,
    int port,
    String database,
    String schema,
    String table,
    String sslMode,
    String user,
    String password) {
  public static final String DEFAULT_TABLE = "internal.backup_logs";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  /**
   * Builds a target; {@code qualifiedTable} is {@code schema.table} or {@code table} (schema {@code
   * public}). Identifiers are restricted to plain names because they end up in DDL.
   */
  public static BackupLogTarget of(
      String host,
      int port,
      String database,
      String qualifiedTable,
      String sslMode,
      String user,
      String password) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("backup log: --log-host is empty");
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("backup log: --log-database is required with --log-host");
    }
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException(
          "backup log: set the user in CADANG_LOG_PGUSER (and the password in"
              + " CADANG_LOG_PGPASSWORD)");
    }
    String qualified = qualifiedTable == null ? DEFAULT_TABLE : qualifiedTable;
    String[] parts = qualified.split("\\.", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(
          "backup log: --log-table '" + qualified + "' must be schema.table or table");
    }
    String schema = parts.length == 2 ? parts[0] : "public";
    String table = parts[parts.length - 1];
    for (String name : new String[] {schema, table}) {
      if (!IDENTIFIER.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "backup log: '"
                + name
                + "' in --log-table is not a plain identifier (letters, digits, '_', at most 63)");
      }
    }
    return new BackupLogTarget(
        host, port, database, schema, table, sslMode == null ? "prefer" : sslMode, user, password);
  }

  PgTarget pgTarget() {
    return new PgTarget(host, port, user, database, sslMode, password);
  }

  String quotedTable() {
    return quote(schema) + "." + quote(table);
  }

  String quotedSchema() {
    return quote(schema);
  }

  private static String quote(String identifier) {
    return '"' + identifier + '"';
  }

  /** Secret-free, for messages. */
  public String describe() {
    return schema + "." + table + " in database '" + database + "' at " + host + ":" + port;
  }

  @Override
  public String toString() {
    return "BackupLogTarget[" + describe() + ", user=" + user + "]";
  }
}
