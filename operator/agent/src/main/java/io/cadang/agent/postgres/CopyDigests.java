package io.cadang.agent.postgres;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * A restored table's {@link CopyDigest}: {@code COPY ... TO STDOUT} of the columns pg_dump dumps
 * (not dropped, not generated, in order), in a session whose output settings are pg_dump's own
 * ({@link #dumpTextOutput}), digested as it streams in.
 */
public final class CopyDigests {
  private CopyDigests() {}

  /**
   * What pg_dump sets for its session (DateStyle ISO, IntervalStyle postgres, extra_float_digits 3)
   * plus what cadang gives pg_dump through its environment ({@link #DUMP_ENVIRONMENT}: time zone
   * UTC, hex bytea), and no synchronized scans, so a table reads from its first block.
   */
  public static void dumpTextOutput(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "SELECT set_config('DateStyle', 'ISO', false),"
              + " set_config('IntervalStyle', 'postgres', false),"
              + " set_config('extra_float_digits', '3', false),"
              + " set_config('TimeZone', 'UTC', false),"
              + " set_config('bytea_output', 'hex', false),"
              + " set_config('synchronize_seqscans', 'off', false)");
    }
  }

  /** libpq settings for pg_dump that make its COPY text independent of server and role defaults. */
  public static final java.util.Map<String, String> DUMP_ENVIRONMENT =
      java.util.Map.of("PGTZ", "UTC", "PGOPTIONS", "-c bytea_output=hex");

  public static CopyDigest measure(Connection c, String schema, String table) throws SQLException {
    String qualified = PgCatalog.quoteIdent(schema) + "." + PgCatalog.quoteIdent(table);
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0"
                + " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")) {
      ps.setString(1, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(PgCatalog.quoteIdent(rs.getString(1)));
        }
      }
    }
    String sql =
        "COPY "
            + qualified
            + (columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")")
            + " TO STDOUT";
    CopyDigest digest = new CopyDigest();
    // COPY sends every row as a message of its own: gather them, digest in large runs.
    OutputStream sink =
        new BufferedOutputStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
              }
            },
            1 << 16);
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, sink);
      sink.flush();
    } catch (IOException e) {
      throw new SQLException("COPY of " + qualified + " failed: " + e.getMessage(), e);
    }
    return digest;
  }
}
