package io.cadang.agent.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.backup.BackupRequest;
import io.cadang.agent.backup.LogicalBackup;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.local.SampleData;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.StoredDigest;
import io.cadang.agent.restore.LogicalRestore;
import io.cadang.agent.restore.RestoreRequest;
import io.cadang.testkit.FaultInjectingHttpProxy;
import io.cadang.testkit.S3TestServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication to a second S3 server (s3proxy) with real backups of a real PostgreSQL database: one
 * replica reachable, one behind a proxy that answers every request with 503. The backup stays good,
 * the down replica is reported Failed, and catches up with the next backup; what it then holds
 * restores for real.
 */
class ReplicaReplicationIT {
  private static final String DB = "shop_replica";
  private static S3TestServer second;
  private static FaultInjectingHttpProxy outage;
  private static KeyProvider keys;
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private Repository primary;
  private Map<String, String> env;
  private List<ReplicaSpec> replicas;

  @TempDir static Path work;

  @BeforeAll
  static void servers() throws Exception {
    SampleData.create(RealServers.superuser("postgres"), DB, 700);
    second = S3TestServer.start();
    outage = FaultInjectingHttpProxy.start(second.endpoint());
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    keys = LocalKeyProvider.fromEnv("K", Map.of("K", Base64.getEncoder().encodeToString(master)));
  }

  /** Fresh buckets per test: catch-up looks at every backup of the primary. */
  @BeforeEach
  void buckets() throws Exception {
    int n = BUCKETS.incrementAndGet();
    RealServers.S3Location primaryLocation = RealServers.newBucket("replica-primary-" + n);
    primary = Repositories.open(primaryLocation.uri(), primaryLocation.env());
    second.createBucket("east-" + n);
    second.createBucket("west-" + n);
    env = new HashMap<>(primaryLocation.env());
    for (int i = 0; i < 2; i++) {
      env.put(ReplicaEnvironment.accessKeyIdVariable(i), second.accessKey());
      env.put(ReplicaEnvironment.secretAccessKeyVariable(i), second.secretKey());
    }
    replicas =
        List.of(
            ReplicaSpec.parse("east=" + uri("east-" + n, second.endpoint().toString()), 0),
            ReplicaSpec.parse("west=" + uri("west-" + n, outage.endpoint().toString()), 1));
  }

  @AfterEach
  void closePrimary() throws Exception {
    outage.failNextRequests(0, 503);
    primary.close();
  }

  @AfterAll
  static void stop() throws Exception {
    outage.close();
    second.close();
  }

  @Test
  void downReplicaFailsAloneThenCatchesUpAndRestores() throws Exception {
    BackupManifest first = backup();
    outage.failNextRequests(100_000, 503);
    List<ReplicaOutcome> outcomes =
        Replication.afterBackup(primary, replicas, env, first.backupId(), 5);
    ReplicaOutcome east = outcomes.get(0);
    ReplicaOutcome west = outcomes.get(1);
    assertEquals(ReplicaOutcome.REPLICATED, east.state(), east.message());
    assertEquals(first.objects().size() + 1, east.objects(), "every object plus the manifest");
    assertEquals(first.totalStoredBytes() + manifestSize(first), east.bytes());
    assertEquals(ReplicaOutcome.FAILED, west.state());
    assertTrue(
        west.message().contains("503") || west.message().toLowerCase().contains("unavailable"),
        west.message());
    assertFalse(west.message().contains(second.secretKey()));
    assertEquals(List.of(), west.caughtUp());

    outage.failNextRequests(0, 503);
    BackupManifest secondBackup = backup();
    outcomes = Replication.afterBackup(primary, replicas, env, secondBackup.backupId(), 5);
    east = outcomes.get(0);
    west = outcomes.get(1);
    assertEquals(ReplicaOutcome.REPLICATED, east.state(), east.message());
    assertEquals(List.of(), east.caughtUp(), "east already had the first backup");
    assertEquals(ReplicaOutcome.REPLICATED, west.state(), west.message());
    assertEquals(List.of(first.backupId()), west.caughtUp());
    assertEquals(0, west.behind());
    assertEquals(2 * (first.objects().size() + 1), west.objects());

    try (Repository westRepo = openReplica(1)) {
      List<String> ids =
          new BackupCatalog(westRepo).list().stream().map(BackupManifest::backupId).toList();
      assertEquals(List.of(first.backupId(), secondBackup.backupId()), ids);
      // A restore reads the replica alone: the primary could be the region that is gone.
      new LogicalRestore(westRepo, keys, Duration.ofSeconds(10))
          .run(
              new RestoreRequest(
                  first.backupId(),
                  List.of(DB),
                  RealServers.superuser("postgres"),
                  "shop_from_replica",
                  true,
                  false,
                  2,
                  false,
                  false,
                  true,
                  work.resolve("scratch"),
                  null));
      assertEquals(
          700L,
          Sql.number(
              RealServers.superuser("shop_from_replica"), "SELECT count(*) FROM sales.customers"));
    }
  }

  @Test
  void corruptedReplicaObjectIsDetectedAndCopiedAgain() throws Exception {
    BackupManifest m = backup();
    ReplicaSpec east = replicas.get(0);
    ReplicaOutcome first = new Replicator(primary, east, env).replicate(List.of(m.backupId()));
    assertEquals(ReplicaOutcome.REPLICATED, first.state(), first.message());

    ArtifactEntry dump = m.objects().get(0);
    try (Repository eastRepo = openReplica(0)) {
      byte[] bytes;
      try (InputStream in = eastRepo.open(dump.key())) {
        bytes = in.readAllBytes();
      }
      bytes[bytes.length / 2] ^= 0x01; // same size, one bit off
      eastRepo.put(dump.key(), bytes);
      assertNotEquals(dump.sha256(), StoredDigest.of(eastRepo, dump.key()).sha256());

      ReplicaOutcome again = new Replicator(primary, east, env).replicate(List.of(m.backupId()));
      assertEquals(ReplicaOutcome.REPLICATED, again.state(), again.message());
      assertEquals(1, again.repaired());
      assertEquals(1, again.objects(), "only the damaged object is copied");
      assertEquals(m.objects().size(), again.skipped(), "the rest is read back and kept");
      assertEquals(
          new StoredDigest(dump.storedBytes(), dump.sha256()),
          StoredDigest.of(eastRepo, dump.key()));

      ReplicaOutcome idle = new Replicator(primary, east, env).replicate(List.of(m.backupId()));
      assertEquals(0, idle.objects(), "idempotent: nothing to copy");
      assertEquals(m.objects().size() + 1, idle.skipped());
    }
  }

  @Test
  void uploadCutMidBodyLeavesNothingInTheReplicaAndTheNextRunCompletesIt() throws Exception {
    // 6 MiB of random bytes: the dump stays above the 5 MiB part size, so the copy is a multipart
    // upload whose parts the proxy can single out.
    Sql.exec(
        RealServers.superuser("postgres"),
        "DROP DATABASE IF EXISTS shop_replica_big",
        "CREATE DATABASE shop_replica_big");
    Sql.exec(
        RealServers.superuser("shop_replica_big"),
        "CREATE TABLE noise AS SELECT decode(md5(random()::text) || md5(random()::text), 'hex') AS b"
            + " FROM generate_series(1, 200000)");
    BackupManifest m = backup("shop_replica_big");
    ReplicaSpec west =
        ReplicaSpec.parse(
            replicas.get(1).name() + "=" + replicas.get(1).uri() + "&part-size-mb=5", 1);
    // Every part upload loses its connection mid-body: the replica region's link drops.
    outage.dropConnections("partNumber=", Integer.MAX_VALUE);
    ReplicaOutcome cut = new Replicator(primary, west, env).afterBackup(m.backupId(), 5);
    assertEquals(
        ReplicaOutcome.FAILED,
        cut.state(),
        () ->
            cut.message()
                + outage.requests().stream().map(r -> r.method() + " " + r.target()).toList());
    assertTrue(
        outage.requests().stream().anyMatch(r -> r.target().contains("partNumber=")),
        "the copy reached the upload");
    try (Repository westRepo = openReplica(1)) {
      assertEquals(
          List.of(),
          westRepo.list(BackupLayout.ROOT),
          "no partial object and no manifest: the backup does not exist there");
      outage.dropConnections("partNumber=", 0);
      ReplicaOutcome healed = new Replicator(primary, west, env).afterBackup(m.backupId(), 5);
      assertEquals(ReplicaOutcome.REPLICATED, healed.state(), healed.message());
      assertTrue(new BackupCatalog(westRepo).exists(m.backupId()));
    }
  }

  @Test
  void deleterRemovesABackupFromAReplicaManifestFirstAndIsRepeatable() throws Exception {
    BackupManifest m = backup();
    ReplicaSpec east = replicas.get(0);
    assertEquals(
        ReplicaOutcome.REPLICATED,
        new Replicator(primary, east, env).replicate(List.of(m.backupId())).state());
    try (Repository eastRepo = openReplica(0)) {
      assertTrue(new BackupCatalog(eastRepo).exists(m.backupId()));
      assertEquals(m.objects().size() + 1, BackupDeleter.delete(eastRepo, m.backupId()));
      assertFalse(new BackupCatalog(eastRepo).exists(m.backupId()));
      assertEquals(List.of(), eastRepo.list(BackupLayout.ROOT + m.backupId() + "/"));
      assertEquals(0, BackupDeleter.delete(eastRepo, m.backupId()), "already gone is fine");
    }
    assertTrue(new BackupCatalog(primary).exists(m.backupId()), "the primary is untouched");
  }

  private BackupManifest backup() throws Exception {
    return backup(DB);
  }

  private BackupManifest backup(String database) throws Exception {
    return new LogicalBackup(primary, keys, Clock.systemUTC(), Duration.ofSeconds(10))
        .run(
            new BackupRequest(
                RealServers.superuser("postgres"),
                List.of(database),
                true,
                null,
                null,
                new CompressionSettings(1, 1)));
  }

  private long manifestSize(BackupManifest m) throws Exception {
    return primary.stat(BackupLayout.manifestKey(m.backupId())).size();
  }

  private Repository openReplica(int index) throws Exception {
    return ReplicaEnvironment.open(replicas.get(index), env);
  }

  private static String uri(String bucket, String endpoint) {
    return "s3://" + bucket + "/copies?endpoint=" + endpoint + "&region=us-east-1&path-style=true";
  }
}
