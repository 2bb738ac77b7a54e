package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Point-in-time recovery on the real control plane, seed 000's scenario B: WAL streamed by the
 * operator's {@code wal-stream} Deployment, a physical base backup run as a Job, then the server
 * and its data directory are lost and a RestoreRequest to {@code latest} rebuilds the cluster into
 * a PersistentVolumeClaim, where a new server starts with every commit the old one had sent.
 *
 * <p>The test has its own PostgreSQL server (it destroys it), not the shared sample one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointInTimeE2E {
  private static final String POLICY = "ledger-pitr";
  private static final String PREFIX = "e2e/ledger-physical";
  private static final String CLAIM = "ledger-rebuild";
  private static final String RESTORE = "ledger-rebuild";
  private static final int BASE_ROWS = 1000;
  private static final int LATER_ROWS = 500;

  private static ThrowawayPostgres ledger;
  private final E2EEnvironment env = E2EEnvironment.get();
  private final KubernetesClient k = env.admin;

  @BeforeAll
  static void startTheLedgerServer() throws Exception {
    E2EEnvironment env = E2EEnvironment.get();
    ledger = ThrowawayPostgres.start(E2EEnvironment.PG_BIN);
    try (Connection c = connect(ledger);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE entries(id int primary key, note text not null)");
      s.execute(
          "INSERT INTO entries SELECT g, 'before the base backup ' || g"
              + " FROM generate_series(1, "
              + BASE_ROWS
              + ") g");
    }
    env.admin
        .secrets()
        .inNamespace(E2EEnvironment.APP_NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("ledger-db")
                .endMetadata()
                .withStringData(Map.of("username", "postgres", "password", ledger.password()))
                .build())
        .create();
  }

  @AfterAll
  static void stopTheLedgerServer() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  @Order(1)
  void theOperatorStreamsWalAndTakesAPhysicalBaseBackup() {
    Cluster.apply(k, policy());
    Await.until(
        "Deployment " + POLICY + "-wal-stream available",
        Duration.ofMinutes(3),
        () -> {
          Deployment d =
              k.apps()
                  .deployments()
                  .inNamespace(E2EEnvironment.APP_NS)
                  .withName(POLICY + "-wal-stream")
                  .get();
          return d != null
              && d.getStatus() != null
              && d.getStatus().getAvailableReplicas() != null
              && d.getStatus().getAvailableReplicas() >= 1;
        });
    Await.until(
        "condition WalArchiving=True on " + POLICY,
        Duration.ofMinutes(3),
        () -> walArchiving().map(c -> "True".equals(c.get("status"))).orElse(false));

    Cluster.applyManualRun(k, E2EEnvironment.APP_NS, POLICY, "ledger-base");
    GenericKubernetesResource run =
        Cluster.awaitFinished(
            k, "BackupRun", E2EEnvironment.APP_NS, "ledger-base", Duration.ofMinutes(4));
    assertEquals("Succeeded", Cluster.phase(run).orElseThrow(), "run: " + Cluster.status(run));
    assertNotNull(Cluster.statusAt(run, "postgres", "stopLsn"), "base backup stop LSN");
    Await.until(
        "a recovery window on " + POLICY,
        Duration.ofMinutes(2),
        () -> Cluster.statusAt(policyResource(), "recoveryWindow", "latest") != null);
  }

  @Test
  @Order(2)
  void scenarioBRebuildsTheLostServerFromTheArchiveWithEveryCommitItSent() throws Exception {
    String committed;
    try (Connection c = connect(ledger);
        Statement s = c.createStatement()) {
      // Fifty transactions after the base backup: only the WAL stream has them.
      for (int batch = 0; batch < LATER_ROWS / 10; batch++) {
        int from = BASE_ROWS + batch * 10 + 1;
        s.execute(
            "INSERT INTO entries SELECT g, 'after the base backup ' || g FROM generate_series("
                + from
                + ", "
                + (from + 9)
                + ") g");
      }
      committed = text(s, "SELECT pg_current_wal_flush_lsn()::text");
      // The loss must come after the server sent the last commit to the streamer: what a server
      // never sent cannot be in any archive. On loopback that is milliseconds.
      String lsn = committed;
      Await.until(
          "the server to send " + committed + " to the WAL streamer",
          Duration.ofSeconds(30),
          () -> {
            try {
              return "t"
                  .equals(
                      text(
                          s,
                          "SELECT coalesce(bool_or(sent_lsn >= '"
                              + lsn
                              + "'::pg_lsn), false) FROM pg_stat_replication"));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    }
    ledger.crashAndLoseData();

    // WAL archiving fails loudly: the streamer cannot reach the server and the policy says so.
    Await.until(
        "condition WalArchiving=False on " + POLICY + " after the server is lost",
        Duration.ofMinutes(3),
        () -> walArchiving().map(c -> "False".equals(c.get("status"))).orElse(false));

    Cluster.claim(k, E2EEnvironment.APP_NS, CLAIM);
    Cluster.apply(
        k,
        String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: RestoreRequest",
            "metadata: {name: " + RESTORE + ", namespace: " + E2EEnvironment.APP_NS + "}",
            "spec:",
            "  source:",
            "    policy: " + POLICY,
            "    pointInTime: {latest: true}",
            "  target:",
            "    dataDirectory: {claimName: " + CLAIM + ", subPath: pgdata}",
            ""));
    GenericKubernetesResource done =
        Cluster.awaitFinished(
            k, "RestoreRequest", E2EEnvironment.APP_NS, RESTORE, Duration.ofMinutes(5));
    Map<String, Object> status = Cluster.status(done);
    assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "restore status: " + status);
    assertEquals("ledger-base", status.get("resolvedBackupRun"));
    assertTrue(
        lsnAtLeast((String) status.get("recoveredToLsn"), committed),
        () ->
            "recovered to "
                + status.get("recoveredToLsn")
                + ", last commit sent "
                + committed
                + "; WAL archive: "
                + env.s3.keys(E2EEnvironment.BUCKET, PREFIX + "/wal/"));

    // verify (the default): pg_amcheck over every database, then the policy's query, on the
    // recovered cluster before it was handed over.
    assertTrue(
        number(Cluster.statusAt(done, "verification", "amcheck", "relations")) > 100,
        "pg_amcheck ran: " + status);
    assertEquals(
        "1500",
        Cluster.statusAt(done, "verification", "queries", "0", "value"),
        "the policy's check ran: " + status);

    // A physical drill into a throwaway server in the Job's own pod, by hand: the same recovery
    // to the latest point, checked and discarded; the claim restored above is not touched.
    Cluster.apply(
        k,
        String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: RestoreRequest",
            "metadata: {name: " + RESTORE + "-drill, namespace: " + E2EEnvironment.APP_NS + "}",
            "spec:",
            "  mode: Drill",
            "  source:",
            "    policy: " + POLICY,
            "    pointInTime: {latest: true}",
            "  target: {scratch: {}}",
            ""));
    GenericKubernetesResource drill =
        Cluster.awaitFinished(
            k, "RestoreRequest", E2EEnvironment.APP_NS, RESTORE + "-drill", Duration.ofMinutes(5));
    Map<String, Object> drillStatus = Cluster.status(drill);
    assertEquals("Succeeded", Cluster.phase(drill).orElseThrow(), "drill: " + drillStatus);
    assertEquals(status.get("recoveredToLsn"), drillStatus.get("recoveredToLsn"), "same point");
    assertTrue(
        number(Cluster.statusAt(drill, "verification", "amcheck", "relations")) > 100,
        "drill: " + drillStatus);
    assertEquals(Boolean.TRUE, Cluster.statusAt(drill, "verification", "queries", "0", "passed"));
    System.out.println(
        "PointInTimeE2E: restore "
            + status.get("durationSeconds")
            + " s, physical drill into a throwaway server "
            + drillStatus.get("durationSeconds")
            + " s");

    Path dataDir = env.node.claimDirectory(E2EEnvironment.APP_NS, CLAIM).resolve("pgdata");
    try (ThrowawayPostgres rebuilt =
            ThrowawayPostgres.adopt(E2EEnvironment.PG_BIN, dataDir, ledger.password());
        Connection c = connect(rebuilt);
        Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT count(*), max(id), pg_is_in_recovery() FROM entries");
      rs.next();
      assertEquals(BASE_ROWS + LATER_ROWS, rs.getLong(1), "every row the lost server had sent");
      assertEquals(BASE_ROWS + LATER_ROWS, rs.getLong(2));
      assertEquals(false, rs.getBoolean(3), "the rebuilt server is promoted, not in recovery");
    }
  }

  private String policy() {
    return String.join(
        "\n",
        "apiVersion: cadang.io/v1alpha1",
        "kind: BackupPolicy",
        "metadata: {name: " + POLICY + ", namespace: " + E2EEnvironment.APP_NS + "}",
        "spec:",
        // Base backups on demand only in this test: the schedule does not come round.
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
        "      credentialsSecret: {name: ledger-db}",
        "  storage:",
        "    primary:",
        env.s3Repository(PREFIX),
        "  encryption:",
        env.vaultEncryption(),
        "  verify:",
        "    queries:",
        "    - {name: entries, sql: \"select count(*) from entries\", equals: \"1500\"}",
        "");
  }

  private GenericKubernetesResource policyResource() {
    return Cluster.cadang(k, "BackupPolicy")
        .inNamespace(E2EEnvironment.APP_NS)
        .withName(POLICY)
        .get();
  }

  private Optional<Map<String, Object>> walArchiving() {
    return Optional.ofNullable(policyResource()).flatMap(p -> Cluster.condition(p, "WalArchiving"));
  }

  /** PostgreSQL's X/Y LSN notation compared as the 64-bit number it stands for. */
  private static boolean lsnAtLeast(String lsn, String than) {
    return lsn != null && lsnValue(lsn) >= lsnValue(than);
  }

  private static long lsnValue(String lsn) {
    String[] parts = lsn.split("/");
    return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
  }

  private static long number(Object value) {
    return value == null ? -1 : ((Number) value).longValue();
  }

  private static String text(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Connection connect(ThrowawayPostgres pg) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", pg.password());
  }
}
