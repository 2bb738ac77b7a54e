package io.cadang.agent;

import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.testkit.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Real servers shared by the integration tests of this module: one throwaway PostgreSQL 15 cluster
 * (initdb, run as the postgres OS user under root) and one s3proxy S3 server, started on first use
 * and stopped when the test JVM exits. Each test uses its own databases and bucket.
 */
public final class RealServers {
  private static ThrowawayPostgres postgres;
  private static S3TestServer s3;

  private RealServers() {}

  public static synchronized ThrowawayPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = ThrowawayPostgres.start(PgTools.newest(null).binDir());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      ThrowawayPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return postgres;
  }

  public static PgTarget superuser(String database) {
    return postgres().target(database);
  }

  public static synchronized S3TestServer s3() {
    if (s3 == null) {
      s3 = S3TestServer.start();
      S3TestServer started = s3;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return s3;
  }

  /** A fresh bucket and the URI + environment a user would give cadang for it. */
  public static S3Location newBucket(String name) {
    s3().createBucket(name);
    return new S3Location(
        "s3://"
            + name
            + "/cadang?endpoint="
            + s3().endpoint()
            + "&region=us-east-1&path-style=true",
        Map.of("AWS_ACCESS_KEY_ID", s3().accessKey(), "AWS_SECRET_ACCESS_KEY", s3().secretKey()));
  }

  public record S3Location(String uri, Map<String, String> env) {}
}
