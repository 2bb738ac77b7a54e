package io.cadang.app;

import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.Lsn;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Physical base backups end to end on a real PostgreSQL 15 (wal_level=replica) and s3proxy: the
 * backup's manifest facts match the server, the stored object is encrypted, and {@code recover
 * --backup-id} brings back exactly the rows of that moment, in a directory a PostgreSQL server
 * starts on.
 */
class PhysicalBackupTest {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Cadang cadang = Cadang.withUserEnvironment();
  private final String repo = CliServers.newS3Repo();
  private Path work;
  private Path key;

  @BeforeEach
  void setUp() throws Exception {
    work = publicWorkDir();
    key = work.resolve("master.key");
    assertSucceeded(cadang.run("keygen", key.toString()));
  }

  @AfterEach
  void tearDown() {
    deleteTree(work);
  }

  @Test
  void backupRecordsTheServersWalFactsAndStoresOnlyCiphertext() throws Exception {
    String db = CliServers.unique("phys_facts").replace('-', '_');
    CliServers.execute("postgres", "CREATE DATABASE " + db);
    CliServers.execute(
        db,
        "CREATE TABLE secrets(v text); INSERT INTO secrets"
            + " SELECT 'plaintext-marker-' || g FROM generate_series(1, 2000) g");
    Path result = work.resolve("backup.json");

    Cadang.Result backup =
        assertSucceeded(
            cadang.run(
                Cadang.args(
                    "backup",
                    "--method",
                    "physical",
                    serverOptions(),
                    "--repo",
                    repo,
                    "--key-file",
                    key.toString(),
                    "--result-file",
                    result.toString())));
    String id = backupIdIn(backup);

    JsonNode r = JSON.readTree(result.toFile());
    JsonNode physical = r.path("physical");
    assertEquals(id, r.path("backupId").asText());
    assertEquals(systemIdentifier(), physical.path("systemIdentifier").asText());
    assertEquals(currentTimeline(), physical.path("timeline").asInt());
    Lsn start = Lsn.parse(physical.path("startLsn").asText());
    Lsn stop = Lsn.parse(physical.path("stopLsn").asText());
    assertTrue(start.isBefore(stop), r::toString);

    JsonNode manifest = manifest(id);
    assertEquals("physical", manifest.path("kind").asText());
    JsonNode facts = manifest.path("physical");
    assertEquals("cadang " + id, facts.path("label").asText());
    assertEquals(physical.path("stopLsn").asText(), facts.path("stopLsn").asText());
    assertFalse(
        java.time.Instant.parse(facts.path("backupStoppedAt").asText())
            .isBefore(java.time.Instant.parse(facts.path("backupStartedAt").asText())));
    assertEquals("base.tar", manifest.path("objects").get(0).path("name").asText());

    byte[] stored = object(repo, "backups/" + id + "/base.tar.zst.cdg");
    assertEquals(manifest.path("objects").get(0).path("storedBytes").asLong(), stored.length);
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    assertFalse(text.contains("plaintext-marker-"), "table contents visible in the stored object");
    assertFalse(text.contains("backup_label"), "tar structure visible in the stored object");
  }

  @Test
  void recoverFromABackupIdBringsBackExactlyThatMomentsRows() throws Exception {
    String db = CliServers.unique("phys_rt").replace('-', '_');
    CliServers.execute("postgres", "CREATE DATABASE " + db);
    CliServers.execute(
        db,
        "CREATE TABLE orders(id int PRIMARY KEY, note text);"
            + " INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 3000) g");
    String expected = checksum(db);
    String id =
        backupIdIn(
            assertSucceeded(
                cadang.run(
                    Cadang.args(
                        "backup",
                        "--method",
                        "physical",
                        serverOptions(),
                        "--repo",
                        repo,
                        "--key-file",
                        key.toString()))));
    // Written after the backup: without archived WAL, recovery must stop before these.
    CliServers.execute(
        db, "INSERT INTO orders SELECT g, 'late' FROM generate_series(3001, 3100) g");
    Path dataDir = work.resolve("recovered");
    Path result = work.resolve("recover.json");

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
                "--backup-id",
                id,
                "--latest",
                "--result-file",
                result.toString()));
    System.out.printf("recover --backup-id took %.1f s%n", (System.nanoTime() - t0) / 1e9);

    JsonNode r = JSON.readTree(result.toFile());
    assertEquals(id, r.path("backupId").asText());
    assertEquals("latest", r.path("target").asText());
    assertEquals(currentTimeline() + 1, r.path("timeline").asInt(), recover::toString);
    assertFalse(Files.exists(dataDir.resolve("recovery.signal")));
    assertFalse(
        Files.readString(dataDir.resolve("postgresql.auto.conf")).contains("restore_command"),
        "recovery settings must not stay behind");
    try (LocalServer server = LocalServer.start(dataDir)) {
      assertEquals(expected, server.query(db, checksumSql()));
      assertEquals("3000", server.query(db, "SELECT count(*) FROM orders"));
    }
  }

  @Test
  void physicalBackupRefusesDatabaseSelection() {
    String error =
        assertFailsWithOneLine(
            2,
            cadang.run(
                Cadang.args(
                    "backup",
                    "--method",
                    "physical",
                    "--all-databases",
                    serverOptions(),
                    "--repo",
                    repo,
                    "--key-file",
                    key.toString())));
    assertTrue(error.contains("--method physical backs up the whole cluster"), error);
  }

  @Test
  void aRoleWithoutReplicationIsOneLineError() throws Exception {
    String role = CliServers.unique("norepl").replace('-', '_');
    CliServers.execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD 'pw-" + role + "'");

    String error =
        assertFailsWithOneLine(
            1,
            cadang
                .withEnv("PGPASSWORD", "pw-" + role)
                .run(
                    Cadang.args(
                        "backup",
                        "--method",
                        "physical",
                        serverOptions(),
                        "--user",
                        role,
                        "--repo",
                        repo,
                        "--key-file",
                        key.toString())));

    assertTrue(error.contains("lacks the REPLICATION privilege"), error);
    assertTrue(error.contains(role), error);
  }

  // ---- helpers shared with RecoverTest ----

  static String checksumSql() {
    return "SELECT md5(string_agg(id || ':' || note, ',' ORDER BY id)) FROM orders";
  }

  static String checksum(String db) throws Exception {
    try (Connection c = PgConnections.open(CliServers.superuser(db));
        ResultSet rs = c.createStatement().executeQuery(checksumSql())) {
      rs.next();
      return rs.getString(1);
    }
  }

  static String systemIdentifier() throws Exception {
    try (Connection c = PgConnections.open(CliServers.superuser("postgres"));
        ResultSet rs =
            c.createStatement().executeQuery("SELECT system_identifier FROM pg_control_system()")) {
      rs.next();
      return Long.toUnsignedString(rs.getLong(1));
    }
  }

  static int currentTimeline() throws Exception {
    try (Connection c = PgConnections.open(CliServers.superuser("postgres"));
        ResultSet rs =
            c.createStatement().executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  JsonNode manifest(String id) throws IOException {
    return JSON.readTree(object(repo, "backups/" + id + "/manifest.json"));
  }

  /** An object's stored bytes, read the way cadang reads them. */
  static byte[] object(String repoUri, String key) throws IOException {
    try (Repository r = Repositories.open(repoUri, CliServers.userEnvironment());
        InputStream in = r.open(key)) {
      return in.readAllBytes();
    }
  }

  /** A directory the postgres OS user can traverse (JUnit's @TempDir is private to root). */
  static Path publicWorkDir() throws IOException {
    Path dir = Files.createTempDirectory("cadang-phys-test-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // leftovers in /tmp are harmless
    }
  }

  /**
   * The user's server on a recovered directory: started the way an administrator would (as the
   * postgres OS user), reachable on a private socket with the source's own trust for local
   * connections.
   */
  static final class LocalServer implements AutoCloseable {
    private final Path dataDir;
    private final Path socketDir;
    private final int port;
    private final Path bin;

    private LocalServer(Path dataDir, Path socketDir, int port, Path bin) {
      this.dataDir = dataDir;
      this.socketDir = socketDir;
      this.port = port;
      this.bin = bin;
    }

    static LocalServer start(Path dataDir) throws Exception {
      Path socketDir = Files.createTempDirectory("cadang-sock-");
      Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxrwxrwx"));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      LocalServer server = new LocalServer(dataDir, socketDir, port, PgTools.newest(null).binDir());
      server.pgCtl(
          "-l",
          socketDir.resolve("server.log").toString(),
          "-w",
          "-t",
          "60",
          "-o",
          "-p " + port + " -k " + socketDir + " -c listen_addresses=''",
          "start");
      return server;
    }

    String query(String db, String sql) throws Exception {
      Process p =
          new ProcessBuilder(
                  bin.resolve("psql").toString(),
                  "-X",
                  "-At",
                  "-h",
                  socketDir.toString(),
                  "-p",
                  Integer.toString(port),
                  "-U",
                  "postgres",
                  "-d",
                  db,
                  "-c",
                  sql)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      return out;
    }

    private void pgCtl(String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
      cmd.add(bin.resolve("pg_ctl").toString());
      cmd.add("-D");
      cmd.add(dataDir.toString());
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
    }

    @Override
    public void close() throws Exception {
      pgCtl("-m", "fast", "-w", "stop");
      deleteTree(socketDir);
    }
  }
}
