package io.cadang.app;

import static io.cadang.app.CliAssertions.assertSucceeded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.agent.wal.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAL in every repository, from the command line: {@code cadang wal-stream --replica=west=URI}
 * (credentials from {@code CADANG_REPLICA_0_*}) keeps a replica's WAL archive current, and the
 * replica alone is enough for {@code verify --wal} and for {@code recover --latest} (wal-fetch
 * reading the replica), which reaches the last commit, as a recovery from the primary does.
 */
class WalReplicaRecoverTest {
  @TempDir Path privateDir;

  private ThrowawayPostgres pg;
  private Process streamer;
  private Path work;

  @AfterEach
  void tearDown() throws Exception {
    if (streamer != null && streamer.isAlive()) {
      streamer.destroyForcibly().waitFor();
    }
    if (pg != null) {
      pg.close();
    }
    PhysicalBackupTest.deleteTree(work);
  }

  @Test
  void recoverLatestFromTheReplicaReachesTheSameLsnAsFromThePrimary() throws Exception {
    long t0 = System.nanoTime();
    pg = ThrowawayPostgres.start(PgTools.newest(null).binDir());
    work = PhysicalBackupTest.publicWorkDir();
    Path key = privateDir.resolve("master.key");
    LocalKeyProvider.generateKeyFile(key);
    String primary = CliServers.newS3Repo();
    String replica = CliServers.newS3Repo();
    Map<String, String> env = new HashMap<>(CliServers.userEnvironment());
    env.put("PGPASSWORD", pg.password());
    // The replica's own credentials (the same test server, but only through these variables).
    env.put("CADANG_REPLICA_0_ACCESS_KEY_ID", CliServers.s3().accessKey());
    env.put("CADANG_REPLICA_0_SECRET_ACCESS_KEY", CliServers.s3().secretKey());
    Cadang cadang = Cadang.withEnvironment(env);
    execute("CREATE TABLE orders(id int PRIMARY KEY, note text)");
    execute("INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 1000) g");

    startStreamer(primary, replica, key, env);
    assertSucceeded(
        cadang.run(
            "backup",
            "--method",
            "physical",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(pg.port()),
            "--sslmode",
            "disable",
            "--repo",
            primary,
            "--replica=west=" + replica,
            "--key-file",
            key.toString()));
    execute("INSERT INTO orders SELECT g, 'after the backup' FROM generate_series(1001, 1500) g");
    query("SELECT pg_switch_wal()::text");
    execute("INSERT INTO orders VALUES (1501, 'last words')");
    Lsn last = Lsn.parse(query("SELECT pg_current_wal_lsn()::text"));
    long w0 = System.nanoTime();
    await("the replica's status.json reaching " + last, () -> archived(replica, last));
    System.out.printf(
        "replica status.json covered %s %d ms after the commit%n",
        last, (System.nanoTime() - w0) / 1_000_000);

    streamer.destroy(); // SIGTERM: final partial, last replica pass
    assertTrue(streamer.waitFor(60, TimeUnit.SECONDS), "wal-stream exits after SIGTERM");
    String log = Files.readString(privateDir.resolve("stream.log"));
    assertEquals(0, streamer.exitValue(), log);
    assertTrue(!log.contains(CliServers.s3().secretKey()), "secret in the log");
    assertArrayEquals(
        PhysicalBackupTest.object(primary, "wal/status.json"),
        PhysicalBackupTest.object(replica, "wal/status.json"),
        "after a graceful stop the replica reports what the primary does");

    Cadang.Result verify =
        cadang.run("verify", "--wal", "--deep", "--repo", replica, "--key-file", key.toString());
    assertEquals(0, verify.exitCode(), verify.toString());
    assertTrue(verify.out().contains("WAL continuous through"), verify.out());

    // Recovery from the primary to --latest ends exactly at its archived end (RecoverScenariosTest;
    // measured here too: both reached the same LSN); the replica must reach that same point.
    Lsn primaryEnd =
        Lsn.parse(
            PhysicalBackupTest.JSON
                .readTree(PhysicalBackupTest.object(primary, "wal/status.json"))
                .path("archivedLsn")
                .asText());
    JsonNode fromReplica = recover(cadang, replica, key, "replica");
    System.out.printf("recover --latest from the replica: %s%n", fromReplica);
    Lsn reached = Lsn.parse(fromReplica.path("recoveredToLsn").asText());
    assertTrue(!reached.isBefore(last), "reaches the last commit " + last + ": " + fromReplica);
    assertTrue(reached.compareTo(primaryEnd) <= 0, "within the primary's archive " + primaryEnd);
    try (PhysicalBackupTest.LocalServer server =
        PhysicalBackupTest.LocalServer.start(work.resolve("recovered-replica"))) {
      assertEquals("1501", server.query("postgres", "SELECT count(*) FROM orders"));
    }
    System.out.printf("test took %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private JsonNode recover(Cadang cadang, String repo, Path key, String name) throws Exception {
    Path result = work.resolve("recover-" + name + ".json");
    long t0 = System.nanoTime();
    assertSucceeded(
        cadang.run(
            "recover",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            "--data-dir",
            work.resolve("recovered-" + name).toString(),
            "--latest",
            "--result-file",
            result.toString()));
    System.out.printf("recover from the %s took %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    return PhysicalBackupTest.JSON.readTree(result.toFile());
  }

  private void startStreamer(String primary, String replica, Path key, Map<String, String> env)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                CadangMain.class.getName(),
                "wal-stream",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(pg.port()),
                "--sslmode",
                "disable",
                "--repo",
                primary,
                "--replica=west=" + replica,
                "--key-file",
                key.toString(),
                "--slot",
                "cadang_replica",
                "--partial-interval",
                "1s",
                "--spool-dir",
                privateDir.resolve("spool").toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(privateDir.resolve("stream.log").toFile());
    pb.environment().putAll(env);
    streamer = pb.start();
    await("wal/status.json in the replica", () -> archived(replica, Lsn.ZERO));
  }

  private static boolean archived(String repo, Lsn lsn) {
    try {
      JsonNode status =
          PhysicalBackupTest.JSON.readTree(PhysicalBackupTest.object(repo, "wal/status.json"));
      return !Lsn.parse(status.path("archivedLsn").asText()).isBefore(lsn);
    } catch (Exception e) {
      return false;
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = PgConnections.open(pg.target("postgres"))) {
      c.createStatement().execute(sql);
    }
  }

  private String query(String sql) throws Exception {
    try (Connection c = PgConnections.open(pg.target("postgres"));
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "timed out waiting for "
            + what
            + "; streamer log:\n"
            + Files.readString(privateDir.resolve("stream.log")));
  }
}
