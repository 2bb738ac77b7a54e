package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Losing a whole region on the real control plane: the database server and the primary repository
 * go at the same moment, and the cluster is rebuilt from the replica repository in the other region
 * alone, with every commit up to a few seconds before the loss.
 *
 * <p>The primary region's S3 is an s3proxy server of this test's own, reached only through a TCP
 * relay the test cuts (every connection reset at once) before it stops the server and deletes its
 * objects; the replica is a bucket of the shared S3 server, standing for the second region. The
 * policy is Physical with pitr, so the operator's WAL streamer archives into the primary and copies
 * every WAL file on to the replica ({@code wal-stream --replica}). A steady write load commits one
 * numbered row every ~75 ms; the loss comes right after its last commit, and a RestoreRequest to
 * {@code latest} with {@code source.repository} naming the replica rebuilds the cluster into a
 * fresh claim.
 */
class RegionLossE2E {
  private static final String NS = E2EEnvironment.APP_NS;
  private static final String POLICY = "ledger-regional";
  private static final String PREFIX = "e2e/ledger-regional";
  private static final String PRIMARY = "region-a";
  private static final String REPLICA = "region-b";
  private static final String PRIMARY_BUCKET = "cadang-e2e-region-a";
  private static final String REPLICA_BUCKET = "cadang-e2e-region-b";
  private static final String BASE_RUN = "ledger-regional-base";
  private static final String CLAIM = "ledger-regional-rebuild";
  private static final String RESTORE = "ledger-regional-from-b";

  /** How long the write load runs before the region is lost. */
  private static final Duration LOAD = Duration.ofSeconds(18);

  private static final long WRITE_EVERY_MILLIS = 75;

  /** At most this much of the last commits may be missing after the restore from the replica. */
  private static final Duration MAX_GAP = Duration.ofSeconds(10);

  private static ThrowawayPostgres ledger;
  private static S3TestServer regionA;
  private static RegionLink regionALink;
  private static boolean regionAGone;

  private final E2EEnvironment env = E2EEnvironment.get();
  private final KubernetesClient k = env.admin;

  @BeforeAll
  static void startThePrimaryRegion() throws Exception {
    E2EEnvironment env = E2EEnvironment.get();
    regionA = S3TestServer.start();
    regionA.createBucket(PRIMARY_BUCKET);
    regionALink = new RegionLink(regionA.port());
    env.s3.createBucket(REPLICA_BUCKET);
    ledger = ThrowawayPostgres.start(E2EEnvironment.PG_BIN);
    try (Connection c = connect(ledger);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE ticks(seq int primary key, committed_at timestamptz not null"
              + " default clock_timestamp())");
    }
    env.admin
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("ledger-regional-db")
                .endMetadata()
                .withStringData(Map.of("username", "postgres", "password", ledger.password()))
                .build())
        .create();
  }

  @AfterAll
  static void stopThePrimaryRegion() {
    if (ledger != null) {
      ledger.close();
    }
    if (regionALink != null) {
      regionALink.cut();
    }
    if (regionA != null && !regionAGone) {
      regionA.close();
    }
  }

  @Test
  void aRestoreFromTheReplicaAfterLosingThePrimaryRegionMissesOnlyTheLastSeconds()
      throws Exception {
    // 1. Policy with a primary in region A and a replica in region B; WAL streamed to both.
    Cluster.apply(k, policy());
    Await.until(
        "Deployment " + POLICY + "-wal-stream available",
        Duration.ofMinutes(3),
        () -> {
          Deployment d =
              k.apps().deployments().inNamespace(NS).withName(POLICY + "-wal-stream").get();
          return d != null
              && d.getStatus() != null
              && d.getStatus().getAvailableReplicas() != null
              && d.getStatus().getAvailableReplicas() >= 1;
        });
    Await.until(
        "condition WalArchiving=True on " + POLICY,
        Duration.ofMinutes(3),
        () -> walArchiving().map(c -> "True".equals(c.get("status"))).orElse(false));

    // 2. A base backup, in the primary and copied to the replica.
    Cluster.applyManualRun(k, NS, POLICY, BASE_RUN);
    GenericKubernetesResource base =
        Cluster.awaitFinished(k, "BackupRun", NS, BASE_RUN, Duration.ofMinutes(4));
    assertEquals("Succeeded", Cluster.phase(base).orElseThrow(), "run: " + Cluster.status(base));
    String backupId = (String) Cluster.statusAt(base, "backupId");
    assertNotNull(backupId, "run: " + Cluster.status(base));
    Map<String, Object> copy =
        Await.until(
            "BackupRun " + BASE_RUN + " Replicated to " + REPLICA,
            Duration.ofMinutes(2),
            () ->
                replicaEntry(
                        Cluster.statusAt(
                            Cluster.cadang(k, "BackupRun").inNamespace(NS).withName(BASE_RUN).get(),
                            "replication"))
                    .filter(r -> "Replicated".equals(r.get("state"))));
    assertFalse(
        env.s3.keys(REPLICA_BUCKET, PREFIX + "/backups/" + backupId + "/").isEmpty(),
        "the base backup's objects in region B: " + copy);

    // 3. A steady write load; meanwhile the policy reports how far region B's WAL trails.
    Writer writer = new Writer(connect(ledger));
    Thread thread = new Thread(writer, "region-loss-writer");
    long loadStart = System.nanoTime();
    thread.start();
    long maxLagSeconds = -1;
    long maxLagBytes = -1;
    String replicaLsnDuringLoad = null;
    while (System.nanoTime() - loadStart < LOAD.toNanos() && writer.failure.get() == null) {
      Optional<Map<String, Object>> wal =
          replicaEntry(Cluster.statusAt(policyResource(), "walArchive", "replicas"));
      if (wal.isPresent() && wal.get().get("archivedLsn") != null) {
        assertNull(wal.get().get("message"), "region B's WAL report: " + wal.get());
        replicaLsnDuringLoad = (String) wal.get().get("archivedLsn");
        if (wal.get().get("lagSeconds") instanceof Number n) {
          maxLagSeconds = Math.max(maxLagSeconds, n.longValue());
        }
        if (wal.get().get("lagBytes") instanceof Number n) {
          maxLagBytes = Math.max(maxLagBytes, n.longValue());
        }
      }
      Thread.sleep(1000);
    }

    // 4. The region goes: the load stops after a commit, then the primary bucket and the server.
    writer.stop = true;
    thread.join(10_000);
    assertFalse(thread.isAlive(), "the writer stopped");
    if (writer.failure.get() != null) {
      throw new AssertionError("the write load failed", writer.failure.get());
    }
    int lastCommitted = writer.lastCommitted;
    long lossStart = System.nanoTime();
    regionALink.cut(); // region A's S3 unreachable: open connections reset, new ones refused
    ledger.crashAndLoseData(); // SIGKILL, data directory deleted
    long lossMillis = (System.nanoTime() - lossStart) / 1_000_000;
    regionA.close(); // and the primary bucket destroyed with every object in it
    regionAGone = true;
    assertTrue(lastCommitted > 100, "rows committed by the load: " + lastCommitted);
    assertNotNull(
        replicaLsnDuringLoad,
        "policy status.walArchive.replicas reported region B's WAL during the load");
    System.out.printf(
        Locale.ROOT,
        "RegionLossE2E: %d rows committed in %.1f s; region B's WAL lag in policy status at most"
            + " %d s / %d bytes; region A's server gone %d ms after its S3 was cut%n",
        lastCommitted,
        (writer.committedAt.get(lastCommitted) - loadStart) / 1e9,
        maxLagSeconds,
        maxLagBytes,
        lossMillis);

    // 5. Restore to the newest point region B holds, into a fresh claim.
    Cluster.claim(k, NS, CLAIM);
    Cluster.apply(
        k,
        String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: RestoreRequest",
            "metadata: {name: " + RESTORE + ", namespace: " + NS + "}",
            "spec:",
            "  source:",
            "    policy: " + POLICY,
            "    repository: " + REPLICA,
            "    pointInTime: {latest: true}",
            "  target:",
            "    dataDirectory: {claimName: " + CLAIM + ", subPath: pgdata}",
            "  verify: false",
            ""));

    // Meanwhile the policy does not claim that archiving into the lost primary goes on.
    Map<String, Object> archiving =
        Await.until(
            "condition WalArchiving=False on " + POLICY + " after region A is lost",
            Duration.ofMinutes(2),
            () -> walArchiving().filter(c -> "False".equals(c.get("status"))));
    assertNotEquals("Streaming", archiving.get("reason"), "WalArchiving: " + archiving);
    System.out.println(
        "RegionLossE2E: after the loss WalArchiving=False "
            + archiving.get("reason")
            + ": "
            + archiving.get("message"));

    GenericKubernetesResource done =
        Cluster.awaitFinished(k, "RestoreRequest", NS, RESTORE, Duration.ofMinutes(5));
    Map<String, Object> status = Cluster.status(done);
    assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "restore status: " + status);
    assertEquals(REPLICA, status.get("repository"), "read from region B: " + status);
    assertEquals(BASE_RUN, status.get("resolvedBackupRun"), "restore status: " + status);

    // 6. The rebuilt server holds every committed row up to a few seconds before the loss.
    Path dataDir = env.node.claimDirectory(NS, CLAIM).resolve("pgdata");
    try (ThrowawayPostgres rebuilt =
            ThrowawayPostgres.adopt(E2EEnvironment.PG_BIN, dataDir, ledger.password());
        Connection c = connect(rebuilt);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0),"
                    + " pg_is_in_recovery() FROM ticks")) {
      rs.next();
      long count = rs.getLong(1);
      int min = rs.getInt(2);
      int max = rs.getInt(3);
      assertFalse(rs.getBoolean(4), "the rebuilt server is promoted, not in recovery");
      assertTrue(
          max <= lastCommitted, "row " + max + " was never committed (" + lastCommitted + ")");
      assertEquals(max, count, "rows 1.." + max + " without a hole (min " + min + ")");
      assertTrue(max == 0 || min == 1, "the first row is there: min " + min);
      long gapRows = lastCommitted - max;
      long lastAt = writer.committedAt.get(lastCommitted);
      long restoredAt = max == 0 ? loadStart : writer.committedAt.get(max);
      double gapSeconds = (lastAt - restoredAt) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "RegionLossE2E: gap = %d rows, %.1f s (restored %d of %d committed rows from %s)%n",
          gapRows,
          gapSeconds,
          max,
          lastCommitted,
          REPLICA);
      assertTrue(
          lastAt - restoredAt <= MAX_GAP.toNanos(),
          String.format(
              Locale.ROOT,
              "the restore from %s misses %d rows, the last %.1f s of commits (at most %d s"
                  + " allowed); restore status: %s",
              REPLICA,
              gapRows,
              gapSeconds,
              MAX_GAP.toSeconds(),
              status));
    }
  }

  /**
   * Commits one numbered row at a time, each in its own transaction, and notes when each commit
   * returned; stops after a commit when told to.
   */
  private static final class Writer implements Runnable {
    private final Connection connection;
    final Map<Integer, Long> committedAt = new ConcurrentHashMap<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean stop;
    volatile int lastCommitted;

    Writer(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      try (connection;
          PreparedStatement insert =
              connection.prepareStatement("INSERT INTO ticks(seq) VALUES (?)")) {
        connection.setAutoCommit(true);
        int seq = 0;
        while (!stop) {
          insert.setInt(1, ++seq);
          insert.executeUpdate();
          committedAt.put(seq, System.nanoTime());
          lastCommitted = seq;
          Thread.sleep(WRITE_EVERY_MILLIS);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }
  }

  private String policy() {
    return String.join(
        "\n",
        "apiVersion: cadang.io/v1alpha1",
        "kind: BackupPolicy",
        "metadata: {name: " + POLICY + ", namespace: " + NS + "}",
        "spec:",
        // Base backups on demand only: the schedule does not come round during the test.
        "  schedule: \"0 3 1 1 *\"",
        "  method: Physical",
        "  pitr:",
        "    enabled: true",
        "    targetRpo: 1m",
        "    partialUploadInterval: 1s",
        "  source:",
        "    postgres:",
        "      host: 127.0.0.1",
        "      port: " + ledger.port(),
        "      allDatabases: true",
        "      sslMode: disable",
        "      credentialsSecret: {name: ledger-regional-db}",
        "  storage:",
        "    primary:",
        "      name: " + PRIMARY,
        "      s3:",
        "        bucket: " + PRIMARY_BUCKET,
        "        prefix: " + PREFIX,
        "        endpoint: http://127.0.0.1:" + regionALink.port(),
        "        region: " + regionA.region(),
        "        pathStyle: true",
        "        credentialsSecret:",
        "          name: backup-s3",
        "    replicas:",
        // The same access keys: both s3proxy servers of the tests accept them.
        env.s3Replica(REPLICA, REPLICA_BUCKET, PREFIX),
        "  encryption:",
        env.vaultEncryption(),
        "");
  }

  private GenericKubernetesResource policyResource() {
    return Cluster.cadang(k, "BackupPolicy").inNamespace(NS).withName(POLICY).get();
  }

  private Optional<Map<String, Object>> walArchiving() {
    return Optional.ofNullable(policyResource()).flatMap(p -> Cluster.condition(p, "WalArchiving"));
  }

  /** Region B's entry in a status list of per-repository entries. */
  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> replicaEntry(Object list) {
    if (!(list instanceof List<?> entries)) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(e -> e instanceof Map<?, ?> m && REPLICA.equals(m.get("repository")))
        .map(e -> (Map<String, Object>) e)
        .findFirst();
  }

  private static Connection connect(ThrowawayPostgres pg) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", pg.password());
  }

  /**
   * The only way into region A's S3: a TCP relay on loopback whose {@link #cut()} resets every open
   * connection and refuses new ones at once, as losing the region's network does. (Stopping the
   * s3proxy server itself takes about 2 s, during which it may still answer.)
   */
  private static final class RegionLink {
    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    RegionLink(int target) throws IOException {
      this.target = target;
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "region-a-link");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private void accept() {
      while (!cut) {
        try {
          Socket client = listener.accept();
          Socket server;
          try {
            server = new Socket(InetAddress.getLoopbackAddress(), target);
          } catch (IOException e) {
            client.close();
            continue;
          }
          open.add(client);
          open.add(server);
          if (cut) {
            reset();
            return;
          }
          pump(client, server);
          pump(server, client);
        } catch (IOException e) {
          if (cut) {
            return;
          }
        }
      }
    }

    private void pump(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try {
                  from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException e) {
                  // reset or closed: the other direction notices too
                } finally {
                  close(from);
                  close(to);
                }
              },
              "region-a-link-pump");
      t.setDaemon(true);
      t.start();
    }

    /** Region A is gone: no new connection is accepted and every open one is reset. */
    void cut() {
      cut = true;
      try {
        listener.close();
      } catch (IOException e) {
        // closed already
      }
      reset();
    }

    private void reset() {
      for (Socket s : open) {
        try {
          s.setSoLinger(true, 0); // RST, not an orderly FIN
        } catch (IOException e) {
          // closed already
        }
        close(s);
      }
    }

    private void close(Socket s) {
      open.remove(s);
      try {
        s.close();
      } catch (IOException e) {
        // closed already
      }
    }
  }
}
