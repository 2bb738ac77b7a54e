package io.cadang.agent.restore;

import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.manifest.BackupManifest.TableRows;
import io.cadang.agent.postgres.PgCatalog;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.restore.RestoreReport.DatabaseResult;
import io.cadang.agent.restore.RestoreReport.Mismatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares each table's row count in a restored database with the count the backup recorded in the
 * dump's own snapshot. A table that is missing counts as a mismatch with actual -1.
 */
public final class RowCountVerifier {
  private RowCountVerifier() {}

  public static DatabaseResult verify(DatabaseEntry expected, PgTarget restored)
      throws PgException {
    List<Mismatch> mismatches = new ArrayList<>();
    long rows = 0;
    try (Connection c = PgConnections.open(restored);
        Statement s = c.createStatement()) {
      for (TableRows table : expected.tables()) {
        long actual = count(s, table);
        rows += Math.max(actual, 0);
        if (actual != table.rows()) {
          mismatches.add(new Mismatch(table.qualifiedName(), table.rows(), actual));
        }
      }
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED, "row-count verification of " + restored + " failed", e);
    }
    return new DatabaseResult(
        expected.name(), restored.database(), expected.tables().size(), rows, mismatches);
  }

  private static long count(Statement s, TableRows table) throws SQLException {
    String exists =
        "SELECT to_regclass('"
            + (PgCatalog.quoteIdent(table.schema()) + "." + PgCatalog.quoteIdent(table.table()))
                .replace("'", "''")
            + "') IS NOT NULL";
    try (ResultSet rs = s.executeQuery(exists)) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return -1;
      }
    }
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*) FROM "
                + PgCatalog.quoteIdent(table.schema())
                + "."
                + PgCatalog.quoteIdent(table.table()))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
