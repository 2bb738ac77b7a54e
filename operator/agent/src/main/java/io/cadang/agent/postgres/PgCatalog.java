package io.cadang.agent.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Read-only catalog questions the backup and restore paths ask. */
public final class PgCatalog {
  private PgCatalog() {}

  /**
   * User tables whose rows pg_dump writes: ordinary tables (partitions hold the rows, so
   * partitioned parents are skipped to avoid counting twice) outside system schemas and not owned
   * by extensions.
   */
  private static final String USER_TABLES =
      """
      SELECT n.nspname, c.relname
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r'
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype = 'e')
       ORDER BY 1, 2
      """;

  public static ServerInfo serverInfo(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version'),"
                    + " current_setting('server_version_num')::int")) {
      rs.next();
      String version = rs.getString(1);
      int space = version.indexOf(' ');
      return new ServerInfo(space < 0 ? version : version.substring(0, space), rs.getInt(2));
    }
  }

  /** Databases a full backup covers: every non-template database that accepts connections. */
  public static List<String> backupableDatabases(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn"
                    + " ORDER BY datname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  public static boolean databaseExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Number of user objects (tables, views, sequences, functions, types) in a database; a restore
   * into a database where this is non-zero would mix data, so it is refused unless overwriting.
   */
  public static long userObjectCount(Connection c) throws SQLException {
    String sql =
        """
        SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname NOT IN ('pg_catalog','information_schema')
                   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%')
             + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname NOT IN ('pg_catalog','information_schema'))
             + (SELECT count(*) FROM pg_namespace
                 WHERE nspname NOT IN ('pg_catalog','information_schema','public')
                   AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%')
             + (SELECT count(*) FROM pg_largeobject_metadata)
        """;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public static List<String[]> userTables(Connection c) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(USER_TABLES)) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return tables;
  }

  /** Exact row counts of every user table, in the connection's current snapshot. */
  public static List<TableCount> rowCounts(Connection c) throws SQLException {
    return tableContents(c, VerifyDepth.COUNTS);
  }

  /**
   * Every user table's exact row count and, at {@link VerifyDepth#CHECKSUMS}, its content checksum,
   * in the connection's current snapshot. One scan per table either way.
   */
  public static List<TableCount> tableContents(Connection c, VerifyDepth depth)
      throws SQLException {
    if (depth == VerifyDepth.CHECKSUMS) {
      canonicalTextOutput(c);
    }
    List<TableCount> counts = new ArrayList<>();
    for (String[] t : userTables(c)) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(contentQuery(t[0], t[1], depth))) {
        rs.next();
        counts.add(
            new TableCount(
                t[0],
                t[1],
                rs.getLong(1),
                depth == VerifyDepth.CHECKSUMS ? CHECKSUM_PREFIX + rs.getString(2) : null));
      }
    }
    return counts;
  }

  /** Names the checksum function, so another one can be told apart in old manifests. */
  public static final String CHECKSUM_PREFIX = "rowhash64sum:";

  /**
   * The count, and the checksum: the sum (as numeric, so it never overflows) of a 64-bit hash of
   * each row's text form. A sum is independent of row order, so tables without a key, physical
   * reordering by the restore, and partitions need no sort; a changed, lost or extra row changes it
   * (duplicates count twice). Only exact text form matters: {@link #canonicalTextOutput} fixes the
   * settings that change it.
   */
  public static String contentQuery(String schema, String table, VerifyDepth depth) {
    String from = " FROM " + quoteIdent(schema) + "." + quoteIdent(table) + " AS t";
    return depth == VerifyDepth.CHECKSUMS
        // ROW(t.*), not t::text: a column named t would shadow the row (t.* always means the row).
        ? "SELECT count(*), coalesce(sum(hashtextextended(ROW(t.*)::text, 0)), 0)::text" + from
        : "SELECT count(*)" + from;
  }

  /**
   * Settings that change how a row prints (time zone, date and interval styles, float digits, bytea
   * and money formats) fixed for this session, so the backup's and the restore's checksums compare
   * the same text whatever the servers' or roles' defaults are.
   */
  public static void canonicalTextOutput(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "SELECT set_config('TimeZone', 'UTC', false), set_config('DateStyle', 'ISO, YMD', false),"
              + " set_config('IntervalStyle', 'postgres', false),"
              + " set_config('extra_float_digits', '1', false),"
              + " set_config('bytea_output', 'hex', false), set_config('lc_monetary', 'C', false)");
    }
  }

  public static String quoteIdent(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }
}
