package io.cadang.agent.wal;

import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The streamer's ordinary (non-replication) connection: identity of the server, its WAL position,
 * and the physical replication slot that keeps WAL until it is stored. pg_receivewal itself runs
 * without the slot, so that only this class moves it, and only past WAL already durable.
 */
public final class WalServer implements AutoCloseable {
  private final PgTarget target;
  private Connection connection;

  public WalServer(PgTarget target) throws PgException {
    this.target = target;
    this.connection = PgConnections.open(target);
  }

  /** The connection, reopened after a failure (the server restarted, a network blip). */
  private Connection connection() throws PgException {
    if (connection == null) {
      connection = PgConnections.open(target);
    }
    return connection;
  }

  public String systemIdentifier() throws PgException {
    return queryString("SELECT system_identifier::text FROM pg_control_system()");
  }

  public long segmentSize() throws PgException {
    return Long.parseLong(
        queryString("SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'"));
  }

  public int majorVersion() throws PgException {
    return Integer.parseInt(queryString("SHOW server_version_num")) / 10000;
  }

  /** Current write position and the timeline it is on (from the name of its segment file). */
  public record Position(Lsn lsn, int timeline) {}

  public Position position() throws PgException {
    try (Statement s = connection().createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT l::text, pg_walfile_name(l) FROM (SELECT pg_current_wal_lsn() AS l) x")) {
      rs.next();
      return new Position(Lsn.parse(rs.getString(1)), WalSegments.timelineOf(rs.getString(2)));
    } catch (SQLException e) {
      throw failed("reading the WAL position", e);
    }
  }

  /**
   * Creates the physical slot, reserving WAL from now on, unless it exists.
   *
   * @return the slot's restart position: WAL from there on is kept by the server
   */
  public Lsn ensureSlot(String slot) throws PgException {
    try {
      Lsn restart = restartLsn(slot);
      if (restart != null) {
        return restart;
      }
      try (PreparedStatement ps =
          connection().prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
        ps.setString(1, slot);
        ps.execute();
      }
      restart = restartLsn(slot);
      if (restart == null) {
        throw new PgException(
            PgException.Reason.FAILED, "replication slot '" + slot + "' reserves no WAL");
      }
      return restart;
    } catch (SQLException e) {
      throw failed("creating replication slot '" + slot + "'", e);
    }
  }

  /** The slot's restart position; null when the slot does not exist. */
  public Lsn restartLsn(String slot) throws PgException {
    try (PreparedStatement ps =
        connection()
            .prepareStatement(
                "SELECT slot_type, restart_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        if (!"physical".equals(rs.getString(1))) {
          throw new PgException(
              PgException.Reason.FAILED,
              "replication slot '" + slot + "' is a " + rs.getString(1) + " slot, not physical");
        }
        String lsn = rs.getString(2);
        if (lsn == null) {
          throw new PgException(
              PgException.Reason.FAILED,
              "replication slot '"
                  + slot
                  + "' reserves no WAL (created without reserving); drop it or use another name");
        }
        return Lsn.parse(lsn);
      }
    } catch (SQLException e) {
      throw failed("reading replication slot '" + slot + "'", e);
    }
  }

  /** Moves the slot forward to {@code to} (never back): WAL before it may now be removed. */
  public void advanceSlot(String slot, Lsn to) throws PgException {
    try (PreparedStatement ps =
        connection()
            .prepareStatement(
                "SELECT pg_replication_slot_advance(slot_name, ?::pg_lsn) FROM pg_replication_slots"
                    + " WHERE slot_name = ? AND restart_lsn < ?::pg_lsn")) {
      ps.setString(1, to.toString());
      ps.setString(2, slot);
      ps.setString(3, to.toString());
      ps.executeQuery().close();
    } catch (SQLException e) {
      throw failed("advancing replication slot '" + slot + "' to " + to, e);
    }
  }

  private String queryString(String sql) throws PgException {
    try (Statement s = connection().createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  private PgException failed(String what, SQLException e) {
    // Whatever went wrong, the next question gets a fresh connection.
    close();
    connection = null;
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return new PgException(
        PgException.Reason.FAILED,
        "PostgreSQL error at "
            + target.host()
            + ":"
            + target.port()
            + " while "
            + what
            + ": "
            + (nl < 0 ? m : m.substring(0, nl)).trim(),
        e);
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // Closing a connection we are done with; nothing to report.
    }
  }
}
