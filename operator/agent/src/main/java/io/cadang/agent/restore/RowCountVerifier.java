package io.cadang.agent.restore;

import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.manifest.BackupManifest.TableRows;
import io.cadang.agent.postgres.CopyDigest;
import io.cadang.agent.postgres.CopyDigests;
import io.cadang.agent.postgres.PgCatalog;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.VerifyDepth;
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
 * dump's own snapshot and, where the backup recorded one, its content checksum: a table whose
 * values changed with the same number of rows is named too. A table that is missing counts as a
 * mismatch with actual -1.
 */
public final class RowCountVerifier {
  private RowCountVerifier() {}

  public static DatabaseResult verify(DatabaseEntry expected, PgTarget restored)
      throws PgException {
    List<Mismatch> mismatches = new ArrayList<>();
    long rows = 0;
    try (Connection c = PgConnections.open(restored);
        Statement s = c.createStatement()) {
      if (expected.tables().stream().anyMatch(t -> CopyDigest.isCopyDigest(t.checksum()))) {
        CopyDigests.dumpTextOutput(c);
      } else if (expected.tables().stream().anyMatch(t -> t.checksum() != null)) {
        PgCatalog.canonicalTextOutput(c);
      }
      for (TableRows table : expected.tables()) {
        String[] actual = measure(c, s, table);
        long count = Long.parseLong(actual[0]);
        rows += Math.max(count, 0);
        if (count != table.rows()) {
          mismatches.add(new Mismatch(table.qualifiedName(), table.rows(), count));
        } else if (table.checksum() != null && !table.checksum().equals(actual[1])) {
          mismatches.add(
              new Mismatch(
                  table.qualifiedName(),
                  table.rows(),
                  count,
                  "content checksum differs with the same "
                      + count
                      + " rows: values were changed, not only rows lost or added"));
        }
      }
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED, "row-count verification of " + restored + " failed", e);
    }
    int checksums = (int) expected.tables().stream().filter(t -> t.checksum() != null).count();
    return new DatabaseResult(
        expected.name(),
        restored.database(),
        expected.tables().size(),
        rows,
        mismatches,
        checksums);
  }

  /** {count, checksum or null}; count -1 when the table is missing. */
  private static String[] measure(Connection c, Statement s, TableRows table) throws SQLException {
    String exists =
        "SELECT to_regclass('"
            + (PgCatalog.quoteIdent(table.schema()) + "." + PgCatalog.quoteIdent(table.table()))
                .replace("'", "''")
            + "') IS NOT NULL";
    try (ResultSet rs = s.executeQuery(exists)) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return new String[] {"-1", null};
      }
    }
    if (CopyDigest.isCopyDigest(table.checksum())) {
      // The same bytes are the same rows: only a table that differs needs counting, to tell a
      // lost or extra row from a changed value.
      String digest = CopyDigests.measure(c, table.schema(), table.table()).value();
      if (digest.equals(table.checksum())) {
        return new String[] {Long.toString(table.rows()), digest};
      }
      try (ResultSet rs =
          s.executeQuery(
              PgCatalog.contentQuery(table.schema(), table.table(), VerifyDepth.COUNTS))) {
        rs.next();
        return new String[] {Long.toString(rs.getLong(1)), digest};
      }
    }
    VerifyDepth depth = table.checksum() == null ? VerifyDepth.COUNTS : VerifyDepth.CHECKSUMS;
    try (ResultSet rs =
        s.executeQuery(PgCatalog.contentQuery(table.schema(), table.table(), depth))) {
      rs.next();
      return new String[] {
        Long.toString(rs.getLong(1)),
        depth == VerifyDepth.CHECKSUMS ? PgCatalog.CHECKSUM_PREFIX + rs.getString(2) : null
      };
    }
  }
}
