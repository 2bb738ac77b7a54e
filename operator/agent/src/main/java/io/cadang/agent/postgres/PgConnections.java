package io.cadang.agent.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections and turns connection failures into one-line, secret-free errors. */
public final class PgConnections {
  private PgConnections() {}

  public static Connection open(PgTarget target) throws PgException {
    Properties props = new Properties();
    props.setProperty("user", target.user());
    if (target.password() != null) {
      props.setProperty("password", target.password());
    }
    props.setProperty("sslmode", target.sslMode());
    props.setProperty("ApplicationName", "cadang");
    props.setProperty("connectTimeout", "15");
    String url = "jdbc:postgresql://" + hostForUrl(target.host()) + ":" + target.port() + "/";
    try {
      return DriverManager.getConnection(url + encode(target.database()), props);
    } catch (SQLException e) {
      throw translate(target, e);
    }
  }

  /** Maps SQLSTATEs to reasons; the driver's own message may echo the user, never the password. */
  static PgException translate(PgTarget target, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = target.host() + ":" + target.port();
    return switch (state) {
      case "28P01", "28000" ->
          new PgException(
              PgException.Reason.AUTHENTICATION_FAILED,
              "authentication failed for user '" + target.user() + "' at " + where,
              e);
      case "3D000" ->
          new PgException(
              PgException.Reason.DATABASE_NOT_FOUND,
              "database '" + target.database() + "' does not exist at " + where,
              e);
      case "42501" ->
          new PgException(
              PgException.Reason.PERMISSION_DENIED,
              "permission denied for user '"
                  + target.user()
                  + "' at "
                  + where
                  + ": "
                  + firstLine(e),
              e);
      case "08001", "08004", "08006" ->
          new PgException(
              PgException.Reason.UNREACHABLE,
              "cannot connect to PostgreSQL at " + where + ": " + firstLine(e),
              e);
      default ->
          new PgException(
              PgException.Reason.FAILED, "PostgreSQL error at " + where + ": " + firstLine(e), e);
    };
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }

  private static String encode(String database) {
    return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
