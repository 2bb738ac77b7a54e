package io.cadang.app;

import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.local.SampleData;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.testkit.S3TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real servers for the CLI tests (the app module cannot see the agent's test fixtures): one
 * throwaway PostgreSQL cluster with a sample database and one s3proxy S3 server, started on first
 * use and stopped when the test JVM exits. Each test gets its own bucket and target databases.
 */
final class CliServers {
  static final String SAMPLE_DB = "shop";

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static ThrowawayPostgres postgres;
  private static S3TestServer s3;

  private CliServers() {}

  static synchronized ThrowawayPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = ThrowawayPostgres.start(PgTools.newest(null).binDir());
        SampleData.create(postgres.target("postgres"), SAMPLE_DB, 500);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test PostgreSQL", e);
      }
      ThrowawayPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return postgres;
  }

  static synchronized S3TestServer s3() {
    if (s3 == null) {
      s3 = S3TestServer.start();
      S3TestServer started = s3;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return s3;
  }

  /** A name no other test uses, for buckets and databases (lower case, S3-safe). */
  static String unique(String stem) {
    return stem + "-" + NAMES.incrementAndGet();
  }

  /** A fresh bucket; returns the repository URI a user would pass to --repo. */
  static String newS3Repo() {
    String bucket = unique("cli");
    s3().createBucket(bucket);
    return s3RepoUri(bucket);
  }

  static String s3RepoUri(String bucket) {
    return "s3://"
        + bucket
        + "/cadang?endpoint="
        + s3().endpoint()
        + "&region=us-east-1&path-style=true";
  }

  /**
   * What a user's shell would hold: the PostgreSQL password and S3 credentials. Mutable so a test
   * can add or remove a variable.
   */
  static Map<String, String> userEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("PGPASSWORD", postgres().password());
    env.put("AWS_ACCESS_KEY_ID", s3().accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", s3().secretKey());
    return env;
  }

  /** The connection options that reach the test server. */
  static String[] serverOptions() {
    return new String[] {"--host", "127.0.0.1", "--port", Integer.toString(postgres().port())};
  }

  /** A backup of the sample database and the roles into {@code repo}; returns its id. */
  static String backupOfSample(Cadang cadang, String repo, java.nio.file.Path key) {
    return CliAssertions.backupIdIn(
        CliAssertions.assertSucceeded(
            cadang.run(
                Cadang.args(
                    "backup",
                    serverOptions(),
                    "-d",
                    SAMPLE_DB,
                    "--globals",
                    "--repo",
                    repo,
                    "--key-file",
                    key.toString()))));
  }

  static PgTarget superuser(String database) {
    return postgres().target(database);
  }

  static boolean databaseExists(String name) throws Exception {
    try (Connection c = PgConnections.open(superuser("postgres"));
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void execute(String database, String sql) throws SQLException, Exception {
    try (Connection c = PgConnections.open(superuser(database))) {
      c.createStatement().execute(sql);
    }
  }
}
