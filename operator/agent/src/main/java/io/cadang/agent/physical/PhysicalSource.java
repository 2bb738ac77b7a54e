package io.cadang.agent.physical;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.postgres.PgCatalog;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a physical backup needs to know about the server before any byte moves, checked up front so
 * a missing privilege or an unsupported layout is one clear line rather than a pg_basebackup
 * failure halfway through an upload.
 */
record PhysicalSource(ServerInfo server, String systemIdentifier, String bootstrapRole) {

  static PhysicalSource inspect(PgTarget target) throws PgException, BackupException {
    try (Connection c = PgConnections.open(target);
        Statement s = c.createStatement()) {
      ServerInfo server = PgCatalog.serverInfo(c);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
        if (!rs.next() || !rs.getBoolean(1)) {
          throw new PgException(
              PgException.Reason.PERMISSION_DENIED,
              "role '"
                  + target.user()
                  + "' lacks the REPLICATION privilege a physical backup needs (ALTER ROLE "
                  + PgCatalog.quoteIdent(target.user())
                  + " REPLICATION)");
        }
      }
      List<String> tablespaces = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT spcname FROM pg_tablespace"
                  + " WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY 1")) {
        while (rs.next()) {
          tablespaces.add(rs.getString(1));
        }
      }
      if (!tablespaces.isEmpty()) {
        // pg_basebackup can stream only the main data directory to stdout; the others would be
        // silently missing from the backup, so refuse instead.
        throw new BackupException(
            "physical backups cannot include tablespaces outside the data directory yet; "
                + target
                + " has "
                + String.join(", ", tablespaces));
      }
      String systemIdentifier;
      try (ResultSet rs = s.executeQuery("SELECT system_identifier FROM pg_control_system()")) {
        rs.next();
        systemIdentifier = Long.toUnsignedString(rs.getLong(1));
      }
      String bootstrap;
      try (ResultSet rs = s.executeQuery("SELECT rolname FROM pg_roles WHERE oid = 10")) {
        rs.next();
        bootstrap = rs.getString(1);
      }
      return new PhysicalSource(server, systemIdentifier, bootstrap);
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED,
          "cannot inspect " + target + " for a physical backup: " + firstLine(e),
          e);
    }
  }

  /** The server's clock: recovery targets are compared with commit times the server wrote. */
  static Instant serverNow(PgTarget target) throws PgException {
    try (Connection c = PgConnections.open(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED, "cannot read the clock of " + target + ": " + firstLine(e), e);
    }
  }

  private static String firstLine(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
