package io.cadang.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.local.SampleData;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.RepositoryException;
import io.cadang.testkit.FaultInjectingHttpProxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input or fault ends the backup with a one-line error naming the problem and
 * leaves no backup behind: nothing listed, no manifest.
 */
class BadInputIT {
  private static final String DB = "shop_bad";
  private static KeyProvider keys;

  @TempDir Path work;

  @BeforeAll
  static void sampleDatabase() throws Exception {
    SampleData.create(RealServers.superuser("postgres"), DB, 2000);
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    keys = LocalKeyProvider.fromEnv("K", Map.of("K", Base64.getEncoder().encodeToString(master)));
  }

  @Test
  void unreachableServer() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    PgTarget nowhere =
        new PgTarget("127.0.0.1", closedPort, "postgres", "postgres", "disable", "x");
    PgException e = assertThrows(PgException.class, () -> backup(nowhere, List.of(DB)));
    assertEquals(PgException.Reason.UNREACHABLE, e.reason());
    assertTrue(
        e.getMessage().startsWith("cannot connect to PostgreSQL at 127.0.0.1:" + closedPort),
        e.getMessage());
    assertNoBackups();
  }

  @Test
  void wrongPasswordIsNamedAndNeverEchoed() throws Exception {
    PgTarget real = RealServers.superuser("postgres");
    PgTarget wrong =
        new PgTarget(real.host(), real.port(), "postgres", "postgres", "disable", "s3cr3t-WRONG");
    PgException e = assertThrows(PgException.class, () -> backup(wrong, List.of(DB)));
    assertEquals(PgException.Reason.AUTHENTICATION_FAILED, e.reason());
    assertEquals(
        "authentication failed for user 'postgres' at 127.0.0.1:" + real.port(), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t-WRONG"));
    assertNoBackups();
  }

  @Test
  void missingDatabase() throws Exception {
    BackupException e =
        assertThrows(
            BackupException.class,
            () -> backup(RealServers.superuser("postgres"), List.of(DB, "no_such_db")));
    assertTrue(e.getMessage().startsWith("database 'no_such_db' does not exist"), e.getMessage());
    assertNoBackups();
  }

  @Test
  void missingBucket() throws Exception {
    RealServers.S3Location bucket = RealServers.newBucket("exists");
    String uri = bucket.uri().replace("s3://exists/", "s3://does-not-exist/");
    try (Repository repo = Repositories.open(uri, bucket.env())) {
      RepositoryException e =
          assertThrows(
              RepositoryException.class,
              () -> backupTo(repo, RealServers.superuser("postgres"), List.of(DB)));
      assertEquals(RepositoryException.Reason.BUCKET_NOT_FOUND, e.reason());
      assertTrue(e.getMessage().contains("does-not-exist"), e.getMessage());
    }
  }

  @Test
  void deniedAccessNeverShowsTheSecret() throws Exception {
    RealServers.S3Location bucket = RealServers.newBucket("denied");
    Map<String, String> badEnv =
        Map.of(
            "AWS_ACCESS_KEY_ID",
            bucket.env().get("AWS_ACCESS_KEY_ID"),
            "AWS_SECRET_ACCESS_KEY",
            "not-the-secret-0123456789");
    try (Repository repo = Repositories.open(bucket.uri(), badEnv)) {
      RepositoryException e =
          assertThrows(
              RepositoryException.class,
              () -> backupTo(repo, RealServers.superuser("postgres"), List.of(DB)));
      assertEquals(RepositoryException.Reason.ACCESS_DENIED, e.reason());
      assertFalse(e.getMessage().contains("not-the-secret"));
    }
  }

  @Test
  void interruptedUploadLeavesNoBackupAndNoObjects() throws Exception {
    RealServers.S3Location bucket = RealServers.newBucket("interrupted");
    try (FaultInjectingHttpProxy proxy =
        FaultInjectingHttpProxy.start(RealServers.s3().endpoint())) {
      String viaProxy =
          bucket.uri().replace(RealServers.s3().endpoint().toString(), proxy.endpoint().toString());
      // Every attempt to store the dump loses its connection mid-body, retries included.
      proxy.dropConnections("/db/", 1000);
      try (Repository repo = Repositories.open(viaProxy, bucket.env())) {
        assertThrows(
            java.io.IOException.class,
            () -> backupTo(repo, RealServers.superuser("postgres"), List.of(DB)));
      }
    }
    try (Repository direct = Repositories.open(bucket.uri(), bucket.env())) {
      assertEquals(List.of(), direct.list(""), "no object, no manifest");
      assertEquals(0, new BackupCatalog(direct).list().size());
    }
  }

  private void backup(PgTarget source, List<String> dbs) throws Exception {
    try (Repository repo = Repositories.open(work.resolve("repo").toUri().toString(), Map.of())) {
      backupTo(repo, source, dbs);
    }
  }

  private static void backupTo(Repository repo, PgTarget source, List<String> dbs)
      throws Exception {
    new LogicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
        .run(new BackupRequest(source, dbs, false, null, null, new CompressionSettings(1, 2)));
  }

  private void assertNoBackups() throws Exception {
    try (Repository repo = Repositories.open(work.resolve("repo").toUri().toString(), Map.of())) {
      assertEquals(List.of(), repo.list(""));
    }
  }
}
