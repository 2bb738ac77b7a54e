package io.cadang.agent.backup;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.physical.PhysicalBackup;
import io.cadang.agent.physical.PhysicalBackupRequest;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.testkit.FaultInjectingHttpProxy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository fails while a tool is still producing output: every multipart part upload loses
 * its connection (a proxy in front of the real S3 server drops them), so the first part fails while
 * pg_dump / pg_basebackup still write. The tool is then blocked on a full pipe nobody reads; the
 * backup must stop it and report the repository's error, not wait for the tool forever. The data
 * must outrun the pipeline's buffers (a few 16 MiB parts) while the first part is retried, so the
 * table holds ~100 MB of random bytes.
 */
class RepositoryFailureIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static KeyProvider keys;
  private static PgTarget source;
  private static RealServers.S3Location existing;
  private static FaultInjectingHttpProxy proxy;

  @BeforeAll
  static void bigEnoughDatabase() throws Exception {
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    keys = LocalKeyProvider.fromBytes(master);
    existing = RealServers.newBucket("pipe-full");
    proxy = FaultInjectingHttpProxy.start(RealServers.s3().endpoint());
    proxy.dropConnections("partNumber=", Integer.MAX_VALUE);
    Sql.exec(
        RealServers.superuser("postgres"),
        "DROP DATABASE IF EXISTS pipe_full",
        "CREATE DATABASE pipe_full");
    source = RealServers.superuser("pipe_full");
    Sql.exec(
        source,
        "CREATE TABLE filler AS SELECT g, (SELECT decode(string_agg(md5(random()::text || g || i),"
            + " ''), 'hex') FROM generate_series(1, 1000) i) AS pad FROM generate_series(1, 6000) g");
  }

  @Test
  void logicalBackupWhoseUploadsFailStopsTheToolAndFails() {
    Exception e =
        assertTimeoutPreemptively(
            LIMIT,
            () ->
                assertThrows(
                    Exception.class,
                    () -> {
                      try (Repository repo = failingUploads()) {
                        new LogicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
                            .run(
                                new BackupRequest(
                                    source,
                                    List.of("pipe_full"),
                                    false,
                                    null,
                                    null,
                                    CompressionSettings.defaults()));
                      }
                    }));
    System.out.println("backup failed with: " + e);
    assertTrue(e.getMessage().contains("pipe-full"), e.getMessage());
  }

  @Test
  void physicalBackupWhoseUploadsFailStopsTheToolAndFails() {
    Exception e =
        assertTimeoutPreemptively(
            LIMIT,
            () ->
                assertThrows(
                    Exception.class,
                    () -> {
                      try (Repository repo = failingUploads()) {
                        new PhysicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
                            .run(
                                new PhysicalBackupRequest(
                                    RealServers.superuser("postgres"),
                                    null,
                                    null,
                                    CompressionSettings.defaults()));
                      }
                    }));
    System.out.println("backup failed with: " + e);
    assertTrue(e.getMessage().contains("pipe-full"), e.getMessage());
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  private static Repository failingUploads() throws Exception {
    return Repositories.open(
        existing.uri().replace(RealServers.s3().endpoint().toString(), proxy.endpoint().toString()),
        existing.env());
  }
}
