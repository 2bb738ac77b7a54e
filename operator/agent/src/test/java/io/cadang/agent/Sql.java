package io.cadang.agent;

import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Small JDBC conveniences for tests. */
public final class Sql {
  private Sql() {}

  public static void exec(PgTarget target, String... statements) throws Exception {
    try (Connection c = PgConnections.open(target);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  public static String text(PgTarget target, String query) throws Exception {
    try (Connection c = PgConnections.open(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  public static long number(PgTarget target, String query) throws Exception {
    return Long.parseLong(text(target, query));
  }
}
