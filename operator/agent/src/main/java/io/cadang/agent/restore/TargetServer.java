package io.cadang.agent.restore;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.postgres.PgCatalog;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server a restore writes to: existence and emptiness checks, database creation. One
 * maintenance connection serves the whole restore (each new one costs a SCRAM handshake).
 */
final class TargetServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TargetServer.class);

  private final PgTarget maintenance;
  private final Connection connection;
  private final ServerInfo info;

  private TargetServer(PgTarget maintenance, Connection connection, ServerInfo info) {
    this.maintenance = maintenance;
    this.connection = connection;
    this.info = info;
  }

  static TargetServer inspect(PgTarget maintenance) throws PgException {
    Connection c = PgConnections.open(maintenance);
    try {
      return new TargetServer(maintenance, c, PgCatalog.serverInfo(c));
    } catch (SQLException e) {
      closeQuietly(c);
      throw new PgException(PgException.Reason.FAILED, "cannot inspect " + maintenance, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Nothing left to release.
    }
  }

  int major() {
    return info.major();
  }

  boolean exists(String database) throws PgException {
    try {
      return PgCatalog.databaseExists(connection, database);
    } catch (SQLException e) {
      throw new PgException(PgException.Reason.FAILED, "cannot inspect " + maintenance, e);
    }
  }

  /**
   * Refuses a target we must not touch: missing without {@code create}, or holding objects without
   * {@code overwrite} (restoring into it would silently mix two data sets).
   */
  void checkWritable(String database, boolean create, boolean overwrite)
      throws PgException, BackupException {
    if (!exists(database)) {
      if (!create) {
        throw new BackupException(
            "target database '"
                + database
                + "' does not exist on "
                + maintenance.host()
                + ":"
                + maintenance.port()
                + "; pass --create to create it");
      }
      return;
    }
    if (overwrite) {
      return;
    }
    try (Connection c = PgConnections.open(maintenance.withDatabase(database))) {
      long objects = PgCatalog.userObjectCount(c);
      if (objects > 0) {
        throw new PgException(
            PgException.Reason.TARGET_NOT_EMPTY,
            "target database '"
                + database
                + "' is not empty ("
                + objects
                + " objects); pass --overwrite to replace its contents");
      }
    } catch (SQLException e) {
      throw new PgException(PgException.Reason.FAILED, "cannot inspect database " + database, e);
    }
  }

  /**
   * Drops a database this restore created (a drill's scratch copy), ending its sessions first
   * (PostgreSQL 13+: WITH (FORCE)).
   */
  void drop(String database) throws PgException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + PgCatalog.quoteIdent(database) + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED,
          "cannot drop database '" + database + "': " + e.getMessage().split("\n")[0],
          e);
    }
  }

  /** Gives a verified temporary database its final name (nobody may be connected to it). */
  void rename(String from, String to) throws PgException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "ALTER DATABASE "
              + PgCatalog.quoteIdent(from)
              + " RENAME TO "
              + PgCatalog.quoteIdent(to));
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED,
          "cannot rename database '" + from + "' to '" + to + "': " + e.getMessage().split("\n")[0],
          e);
    }
  }

  void create(String database, String encoding) throws PgException {
    // template0 so nothing added to template1 on the target leaks into the restored database.
    String sql =
        "CREATE DATABASE "
            + PgCatalog.quoteIdent(database)
            + " TEMPLATE template0 ENCODING '"
            + encoding.replace("'", "''")
            + "'";
    try (Statement s = connection.createStatement()) {
      try {
        s.execute(sql);
      } catch (SQLException e) {
        if (e.getMessage() == null || !e.getMessage().contains("does not match locale")) {
          throw e;
        }
        // A LATIN1 (say) database on a server whose default locale is UTF-8: the C locale fits
        // every encoding. The source's own locale is not recorded in the backup.
        s.execute(sql + " LOCALE 'C'");
        LOG.warn(
            "database {}: encoding {} does not fit the server's default locale; created with"
                + " locale C",
            database,
            encoding);
      }
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED,
          "cannot create database '" + database + "': " + e.getMessage().split("\n")[0],
          e);
    }
  }
}
