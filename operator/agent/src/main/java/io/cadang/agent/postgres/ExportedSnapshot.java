package io.cadang.agent.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A REPEATABLE READ transaction whose snapshot is exported for {@code pg_dump --snapshot}. Row
 * counts taken here therefore describe exactly the rows in the dump, so a later verification
 * compares like with like even while the application keeps writing. The transaction must stay open
 * until pg_dump has imported the snapshot; we keep it for the whole dump.
 */
public final class ExportedSnapshot implements AutoCloseable {
  private final Connection connection;
  private final String snapshotId;
  private final PgTarget target;

  private ExportedSnapshot(PgTarget target, Connection connection, String snapshotId) {
    this.target = target;
    this.connection = connection;
    this.snapshotId = snapshotId;
  }

  public static ExportedSnapshot begin(PgTarget target) throws PgException {
    Connection c = PgConnections.open(target);
    try {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
        rs.next();
        return new ExportedSnapshot(target, c, rs.getString(1));
      }
    } catch (SQLException e) {
      closeQuietly(c);
      throw PgConnections.translate(target, e);
    }
  }

  public String id() {
    return snapshotId;
  }

  public List<TableCount> rowCounts() throws PgException {
    return tableContents(VerifyDepth.COUNTS);
  }

  /** Row counts (and checksums) of every user table, in the exported snapshot. */
  public List<TableCount> tableContents(VerifyDepth depth) throws PgException {
    try {
      return PgCatalog.tableContents(connection, depth);
    } catch (SQLException e) {
      throw PgConnections.translate(target, e);
    }
  }

  @Override
  public void close() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // Closing the connection ends the transaction anyway.
    }
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Nothing left to release.
    }
  }
}
