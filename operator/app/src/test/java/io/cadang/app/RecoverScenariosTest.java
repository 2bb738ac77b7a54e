package io.cadang.app;

import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.agent.wal.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time recovery end to end, each scenario on its own PostgreSQL 15 cluster with {@code
 * cadang wal-stream} archiving to s3proxy: the base backup, the streamed WAL and {@code cadang
 * recover} (with {@code cadang wal-fetch} as restore_command, run by the postgres OS user, the key
 * handed over through the environment) put the cluster back where the user asked.
 */
class RecoverScenariosTest {
  @TempDir Path privateDir; // root-only: the key file lives here, out of the postgres user's reach

  private ThrowawayPostgres pg;
  private Process streamer;
  private Path work;
  private Path key;
  private String repo;
  private Cadang cadang;

  @BeforeEach
  void aClusterWithAStreamerAndABaseBackup() throws Exception {
    pg = ThrowawayPostgres.start(PgTools.newest(null).binDir());
    work = PhysicalBackupTest.publicWorkDir();
    key = privateDir.resolve("master.key");
    LocalKeyProvider.generateKeyFile(key);
    repo = CliServers.newS3Repo();
    Map<String, String> env = new HashMap<>(CliServers.userEnvironment());
    env.put("PGPASSWORD", pg.password());
    cadang = Cadang.withEnvironment(env);
    execute("CREATE TABLE orders(id int PRIMARY KEY, note text)");
    execute("INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 1000) g");
    startStreamer();
  }

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
  void scenarioA_recoverToJustBeforeADropTableBringsTheTableBackWithExactlyItsRows()
      throws Exception {
    String backupId = physicalBackup();
    execute("INSERT INTO orders SELECT g, 'after the backup' FROM generate_series(1001, 1500) g");
    String expected = query(PhysicalBackupTest.checksumSql());
    Thread.sleep(1100);
    Instant target = serverNow();
    Thread.sleep(1100);
    execute("DROP TABLE orders");
    execute("CREATE TABLE after_drop(v int); INSERT INTO after_drop VALUES (1)");
    awaitArchived(Lsn.parse(query("SELECT pg_current_wal_lsn()::text")));

    Path dataDir = work.resolve("recovered-a");
    Path result = work.resolve("recover-a.json");
    long t0 = System.nanoTime();
    Cadang.Result recover =
        assertSucceeded(
            cadang.run(
                "recover",
                "--repo",
                repo,
                "--key-file",
                key.toString(),
                "--data-dir",
                dataDir.toString(),
                "--time",
                target.toString(),
                "--result-file",
                result.toString()));
    double seconds = (System.nanoTime() - t0) / 1e9;

    JsonNode r = PhysicalBackupTest.JSON.readTree(result.toFile());
    System.out.printf("scenario A: recover --time took %.1f s: %s%n", seconds, r);
    assertEquals(backupId, r.path("backupId").asText());
    assertEquals("time", r.path("target").asText());
    assertEquals(2, r.path("timeline").asInt());
    assertTrue(r.path("segmentsFetched").asInt() >= 1, r::toString);
    assertFalse(Instant.parse(r.path("recoveredToTime").asText()).isAfter(target), r::toString);
    try (PhysicalBackupTest.LocalServer server = PhysicalBackupTest.LocalServer.start(dataDir)) {
      assertEquals(expected, server.query("postgres", PhysicalBackupTest.checksumSql()));
      assertEquals("1500", server.query("postgres", "SELECT count(*) FROM orders"));
      assertEquals("f", server.query("postgres", "SELECT to_regclass('after_drop') IS NOT NULL"));
    }
    assertTrue(recover.out().startsWith("recovered "), recover::toString);
  }

  @Test
  void drill_recoverLatestChecksTheCopyWithAmcheckAndQueriesThenDiscardsIt() throws Exception {
    physicalBackup();
    execute("INSERT INTO orders SELECT g, 'after the backup' FROM generate_series(1001, 1200) g");
    awaitArchived(Lsn.parse(query("SELECT pg_current_wal_lsn()::text")));
    String checks =
        "[{\"name\":\"orders\",\"sql\":\"select count(*) from orders\",\"equals\":\"1200\"}]";

    Path dataDir = work.resolve("drill");
    Path result = work.resolve("drill.json");
    Cadang.Result drill =
        assertSucceeded(
            cadang.run(
                "recover",
                "--repo",
                repo,
                "--key-file",
                key.toString(),
                "--data-dir",
                dataDir.toString(),
                "--latest",
                "--amcheck",
                "--checks",
                checks,
                "--discard",
                "--result-file",
                result.toString()));

    JsonNode r = PhysicalBackupTest.JSON.readTree(result.toFile());
    System.out.println("drill: " + r);
    assertTrue(r.path("verified").asBoolean(), r::toString);
    assertTrue(r.path("amcheck").path("relations").asInt() > 100, r::toString);
    assertEquals(0, r.path("amcheck").path("problems").size(), r::toString);
    assertEquals("1200", r.path("checks").path(0).path("value").asText(), r::toString);
    assertTrue(r.path("checks").path(0).path("passed").asBoolean(), r::toString);
    assertTrue(drill.out().contains("check orders on postgres: passed (1 rows)"), drill::toString);
    assertTrue(drill.out().contains("pg_amcheck: "), drill::toString);
    assertFalse(Files.exists(dataDir), "a drill's copy is discarded once checked");

    // A check that does not hold fails the drill (exit 3) and names itself; the copy still goes.
    Cadang.Result failed =
        cadang.run(
            "recover",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            "--data-dir",
            dataDir.toString(),
            "--latest",
            "--checks",
            checks.replace("1200", "1201"),
            "--discard",
            "--result-file",
            result.toString());
    assertEquals(CadangMain.EXIT_VERIFICATION_FAILED, failed.exitCode(), failed::toString);
    JsonNode f = PhysicalBackupTest.JSON.readTree(result.toFile());
    assertFalse(f.path("verified").asBoolean(), f::toString);
    assertEquals(
        "first value is '1200', expected '1201'",
        f.path("checks").path(0).path("problem").asText());
    assertFalse(Files.exists(dataDir), "a failed drill's copy is discarded too");
  }

  @Test
  void scenarioB_afterLosingThePrimaryRecoverLatestLosesOnlySecondsOfCommits() throws Exception {
    physicalBackup();
    execute("CREATE TABLE ticks(id bigserial PRIMARY KEY, at timestamptz NOT NULL)");
    AtomicReference<Instant> lastCommit = new AtomicReference<>();
    Thread writer = new Thread(() -> tick(lastCommit), "ticker");
    writer.setDaemon(true);
    writer.start();
    Thread.sleep(6000);
    String dataDirectory = query("SHOW data_directory");
    long postmaster =
        Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim());

    new ProcessBuilder("kill", "-KILL", Long.toString(postmaster)).start().waitFor();
    Instant killedAt = Instant.now();
    writer.join(10_000);
    PhysicalBackupTest.deleteTree(Path.of(dataDirectory));
    // The streamer notices the lost server; SIGTERM makes it upload its final partial and exit.
    Thread.sleep(2000);
    streamer.destroy();
    assertTrue(streamer.waitFor(60, TimeUnit.SECONDS), "wal-stream exits after SIGTERM");

    Path dataDir = work.resolve("recovered-b");
    Path result = work.resolve("recover-b.json");
    long t0 = System.nanoTime();
    assertSucceeded(
        cadang.run(
            "recover",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            "--data-dir",
            dataDir.toString(),
            "--latest",
            "--result-file",
            result.toString()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonNode r = PhysicalBackupTest.JSON.readTree(result.toFile());

    try (PhysicalBackupTest.LocalServer server = PhysicalBackupTest.LocalServer.start(dataDir)) {
      Instant lastSurviving =
          OffsetDateTime.parse(
                  server.query(
                      "postgres",
                      "SELECT to_char(max(at) AT TIME ZONE 'UTC',"
                          + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM ticks"))
              .toInstant();
      long rows = Long.parseLong(server.query("postgres", "SELECT count(*) FROM ticks"));
      Duration gap = Duration.between(lastSurviving, killedAt);
      System.out.printf(
          "scenario B: %d ticks recovered, last surviving commit %s, primary killed %s, gap %d ms"
              + " (last commit acknowledged to the writer %s); recover --latest took %.1f s: %s%n",
          rows, lastSurviving, killedAt, gap.toMillis(), lastCommit.get(), seconds, r);
      assertTrue(rows > 10, "the ticker committed rows that were recovered");
      assertTrue(gap.compareTo(Duration.ofSeconds(30)) < 0, "gap " + gap);
      assertFalse(lastSurviving.isAfter(lastCommit.get().plusSeconds(1)));
    }
  }

  // ---- helpers ----

  private void tick(AtomicReference<Instant> lastCommit) {
    try (Connection c = PgConnections.open(pg.target("postgres"));
        Statement s = c.createStatement()) {
      while (true) {
        try (ResultSet rs =
            s.executeQuery("INSERT INTO ticks(at) VALUES (clock_timestamp()) RETURNING at")) {
          rs.next();
          lastCommit.set(rs.getObject(1, OffsetDateTime.class).toInstant());
        }
        Thread.sleep(100);
      }
    } catch (Exception e) {
      // The primary was killed: the writer stops here.
    }
  }

  private String physicalBackup() {
    return backupIdIn(
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
                repo,
                "--key-file",
                key.toString())));
  }

  private void startStreamer() throws Exception {
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
                repo,
                "--key-file",
                key.toString(),
                "--slot",
                "cadang_scenario",
                "--partial-interval",
                "1s",
                "--spool-dir",
                privateDir.resolve("spool").toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(privateDir.resolve("stream.log").toFile());
    pb.environment().putAll(CliServers.userEnvironment());
    pb.environment().put("PGPASSWORD", pg.password());
    streamer = pb.start();
    await(
        "wal/status.json",
        () -> {
          try {
            return PhysicalBackupTest.object(repo, "wal/status.json").length > 0;
          } catch (Exception e) {
            return false;
          }
        });
  }

  private void awaitArchived(Lsn lsn) throws Exception {
    await(
        "WAL archived up to " + lsn,
        () -> {
          try {
            JsonNode status =
                PhysicalBackupTest.JSON.readTree(
                    PhysicalBackupTest.object(repo, "wal/status.json"));
            return !Lsn.parse(status.path("archivedLsn").asText()).isBefore(lsn);
          } catch (Exception e) {
            return false;
          }
        });
  }

  private Instant serverNow() throws Exception {
    try (Connection c = PgConnections.open(pg.target("postgres"));
        ResultSet rs = c.createStatement().executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = PgConnections.open(pg.target("postgres"))) {
      c.createStatement().execute(sql);
    }
  }

  private String query(String sql) throws Exception {
    PgTarget t = pg.target("postgres");
    try (Connection c = PgConnections.open(t);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
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
