package io.cadang.agent.backuplog;

import io.cadang.agent.postgres.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts backup log rows, creating the schema and table when missing. Uses its own short-lived
 * connection so the log never shares a transaction or a failure with the backup. Never throws: a
 * log that cannot be written is reported as a {@link BackupLogResult}, because losing a log row
 * must never turn a good backup into a failed one.
 */
public final class BackupLogWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BackupLogWriter.class);
  private static final int MAX_MESSAGE = 2000;

  private BackupLogWriter() {}

  /** The table's DDL (docs/backup-log.md). */
  static String createTable(BackupLogTarget target) {
    return "CREATE TABLE IF NOT EXISTS "
        + target.quotedTable()
        + " (run_id text NOT NULL, policy text, kind text, started_at timestamptz NOT NULL,"
        + " finished_at timestamptz, bytes bigint, stored_bytes bigint, sha256 text,"
        + " result text NOT NULL CHECK (result IN ('succeeded', 'failed')), message text,"
        + " PRIMARY KEY (run_id, started_at))";
  }

  public static BackupLogResult write(BackupLogTarget target, BackupLogEntry entry) {
    try (Connection c = PgConnections.open(target.pgTarget())) {
      ensureTable(c, target);
      insert(c, target, entry);
      LOG.info("backup log: row for {} written to {}", entry.runId(), target.describe());
      return BackupLogResult.ok();
    } catch (Exception e) {
      String error = "cannot write the backup log to " + target.describe() + ": " + firstLine(e);
      LOG.warn("{}", error);
      return new BackupLogResult(false, error);
    }
  }

  private static void ensureTable(Connection c, BackupLogTarget target) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + target.quotedSchema());
      s.execute(createTable(target));
    } catch (SQLException e) {
      // Two runs creating the table at once: IF NOT EXISTS still races on the catalog (23505).
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static void insert(Connection c, BackupLogTarget target, BackupLogEntry e)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + target.quotedTable()
                + " (run_id, policy, kind, started_at, finished_at, bytes, stored_bytes, sha256,"
                + " result, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, e.runId());
      s.setString(2, e.policy());
      s.setString(3, e.kind());
      s.setTimestamp(4, Timestamp.from(e.startedAt()));
      s.setTimestamp(5, e.finishedAt() == null ? null : Timestamp.from(e.finishedAt()));
      setLong(s, 6, e.bytes());
      setLong(s, 7, e.storedBytes());
      s.setString(8, e.sha256());
      s.setString(9, e.result());
      String message = e.message();
      s.setString(
          10,
          message != null && message.length() > MAX_MESSAGE
              ? message.substring(0, MAX_MESSAGE)
              : message);
      s.executeUpdate();
    }
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
