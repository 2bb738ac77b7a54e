package io.cadang.agent.postgres;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and as whom to connect to PostgreSQL. The password travels only in memory and in the child
 * process environment ({@code PGPASSWORD}), never in argv; {@link #toString()} omits it.
 */
public final class PgTarget {
  private final String host;
  private final int port;
  private final String user;
  private final String database;
  private final String sslMode;
  private final String password;

  public PgTarget(
      String host, int port, String user, String database, String sslMode, String password) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.user = Objects.requireNonNull(user, "user");
    this.database = Objects.requireNonNull(database, "database");
    this.sslMode = sslMode == null ? "prefer" : sslMode;
    this.password = password;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String database() {
    return database;
  }

  public String sslMode() {
    return sslMode;
  }

  /** The same server and credentials, another database. */
  public PgTarget withDatabase(String other) {
    return new PgTarget(host, port, user, other, sslMode, password);
  }

  String password() {
    return password;
  }

  /** libpq environment for child processes (pg_dump, pg_restore, psql). */
  public Map<String, String> libpqEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", Integer.toString(port));
    env.put("PGUSER", user);
    env.put("PGDATABASE", database);
    env.put("PGSSLMODE", sslMode);
    env.put("PGCONNECT_TIMEOUT", "15");
    env.put("PGAPPNAME", "cadang");
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    return env;
  }

  /** host:port/database as user — for messages; never the password. */
  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database;
  }
}
