package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalArchive;
import io.cadang.agent.wal.WalFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cadang wal-stream} as its own process, the way the Deployment runs it: archives a switched
 * segment, ends on SIGTERM with the final partial uploaded and exit 0; {@code cadang verify --wal}
 * then finds the chain continuous, and names the gap once a segment is deleted.
 */
class WalStreamCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private final String slot = "cadang_cli_" + System.nanoTime() % 100000;
  private Process process;

  @AfterEach
  void tearDown() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
    query(
        "SELECT pg_drop_replication_slot(slot_name)::text FROM pg_replication_slots WHERE slot_name = '"
            + slot
            + "'");
  }

  @Test
  void streamsUntilSigtermThenVerifyFindsTheChainAndItsGaps() throws Exception {
    Path key = work.resolve("master.key");
    LocalKeyProvider.generateKeyFile(key);
    String repoUri = work.resolve("repo").toUri().toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                CadangMain.class.getName(),
                "wal-stream"));
    command.addAll(List.of(CliServers.serverOptions()));
    command.addAll(
        List.of(
            "--sslmode",
            "disable",
            "--repo",
            repoUri,
            "--key-file",
            key.toString(),
            "--slot",
            slot,
            "--partial-interval",
            "1s",
            "--spool-dir",
            work.resolve("spool").toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("stream.log").toFile());
    pb.environment().put("PGPASSWORD", CliServers.postgres().password());
    process = pb.start();

    Repository repo = Repositories.open(repoUri, Map.of());
    WalArchive archive = new WalArchive(repo, LocalKeyProvider.fromFile(key), Clock.systemUTC());
    await("status.json", () -> Files.exists(work.resolve("repo/wal/status.json")));
    query("CREATE TABLE IF NOT EXISTS wal_cli (v text)");
    query("INSERT INTO wal_cli SELECT repeat('a', 100) FROM generate_series(1, 1000) RETURNING 1");
    String first = query("SELECT pg_walfile_name(pg_switch_wal())");
    query("INSERT INTO wal_cli SELECT repeat('b', 100) FROM generate_series(1, 1000) RETURNING 1");
    String second = query("SELECT pg_walfile_name(pg_switch_wal())");
    await(
        "segments archived",
        () -> {
          try {
            return archive.list().hasSegment(second);
          } catch (Exception e) {
            return false;
          }
        });
    query("INSERT INTO wal_cli VALUES ('last words') RETURNING 1");
    Lsn last = Lsn.parse(query("SELECT pg_current_wal_lsn()::text"));

    long t0 = System.nanoTime();
    process.destroy(); // SIGTERM
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
    String log = Files.readString(work.resolve("stream.log"));
    assertEquals(0, process.exitValue(), log);
    System.out.printf(
        "wal-stream stopped %d ms after SIGTERM%n", (System.nanoTime() - t0) / 1_000_000);
    JsonNode status = JSON.readTree(Files.readAllBytes(work.resolve("repo/wal/status.json")));
    assertTrue(status.get("error").isNull(), status.toString());
    assertTrue(
        Lsn.parse(status.get("archivedLsn").asText()).compareTo(last) >= 0,
        "final partial reaches " + last + ": " + status);
    assertTrue(log.contains("wal-stream stopped: archived up to"), log);

    Cadang cadang = Cadang.withEnvironment(Map.of());
    Cadang.Result ok =
        cadang.run("verify", "--wal", "--deep", "--repo", repoUri, "--key-file", key.toString());
    assertEquals(0, ok.exitCode(), ok.toString());
    assertTrue(ok.out().contains("WAL continuous through"), ok.out());
    assertTrue(ok.out().contains("intact"), ok.out());

    // A corrupted object is found by --deep; a deleted one is a named gap.
    Path data = work.resolve("repo").resolve(WalFile.segment(first).dataKey());
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);
    Cadang.Result corrupted =
        cadang.run("verify", "--wal", "--deep", "--repo", repoUri, "--key-file", key.toString());
    assertEquals(CadangMain.EXIT_VERIFICATION_FAILED, corrupted.exitCode(), corrupted.toString());
    assertTrue(corrupted.out().contains("corrupted " + first), corrupted.out());

    // The first archived segment is where a check without base backups starts; delete a later one.
    repo.delete(WalFile.segment(second).descriptorKey());
    Cadang.Result gap =
        cadang.run("verify", "--wal", "--repo", repoUri, "--key-file", key.toString());
    assertEquals(CadangMain.EXIT_VERIFICATION_FAILED, gap.exitCode(), gap.toString());
    assertTrue(
        gap.err().contains("missing " + second + " (timeline 1) between " + first + " and "),
        gap.toString());
    repo.close();
  }

  private static String query(String sql) throws Exception {
    try (Connection c = PgConnections.open(CliServers.superuser("postgres"));
        Statement s = c.createStatement()) {
      if (!s.execute(sql)) {
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
