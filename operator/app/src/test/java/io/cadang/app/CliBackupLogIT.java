package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.postgres.PgConnections;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup log on the real PostgreSQL server: one row per backup run, success or failure, in a
 * table the agent creates; a log database that cannot be reached never fails the backup.
 */
class CliBackupLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private Cadang cadang;
  private Path repoDir;
  private Path key;
  private String logDb;

  @BeforeEach
  void logDatabase() throws Exception {
    logDb = CliServers.unique("logs").replace('-', '_');
    CliServers.execute("postgres", "CREATE DATABASE " + logDb);
    Map<String, String> env = new HashMap<>(CliServers.userEnvironment());
    env.put("CADANG_LOG_PGUSER", CliServers.superuser("postgres").user());
    env.put("CADANG_LOG_PGPASSWORD", CliServers.postgres().password());
    cadang = Cadang.withEnvironment(env);
    repoDir = work.resolve("repo");
    key = work.resolve("master.key");
    assertSucceeded(cadang.run("keygen", key.toString()));
  }

  @Test
  void successfulBackupWritesOneRowWithSizesAndTheManifestChecksum() throws Exception {
    Path result = work.resolve("result.json");
    Cadang.Result backup =
        assertSucceeded(
            cadang.run(
                backupArgs(
                    result,
                    serverOptions(),
                    logOptions(CliServers.postgres().port()),
                    "--policy",
                    "shop-daily")));
    String id = backupIdIn(backup);

    JsonNode json = JSON.readTree(result.toFile());
    assertTrue(json.at("/backupLog/written").asBoolean(), json::toString);
    assertTrue(json.at("/backupLog/error").isMissingNode());

    List<Map<String, Object>> rows = rows("internal.backup_logs");
    assertEquals(1, rows.size());
    Map<String, Object> row = rows.get(0);
    assertEquals(id, row.get("run_id"));
    assertEquals("shop-daily", row.get("policy"));
    assertEquals("logical", row.get("kind"));
    assertEquals("succeeded", row.get("result"));
    assertEquals(json.get("rawBytes").asLong(), row.get("bytes"));
    assertEquals(json.get("storedBytes").asLong(), row.get("stored_bytes"));
    byte[] manifest = Files.readAllBytes(repoDir.resolve("backups/" + id + "/manifest.json"));
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest)),
        row.get("sha256"));
    assertTrue(
        ((java.sql.Timestamp) row.get("started_at"))
            .before((java.sql.Timestamp) row.get("finished_at")));
    assertTrue(
        ((String) row.get("message")).startsWith("logical backup, 1 object(s)"), row::toString);
  }

  @Test
  void failedBackupWritesAFailedRowAndKeepsItsExitCode() throws Exception {
    int closedPort = freePort();
    Path result = work.resolve("result.json");
    String error =
        assertFailsWithOneLine(
            1,
            cadang.run(
                backupArgs(
                    result,
                    new String[] {"--host", "127.0.0.1", "--port", Integer.toString(closedPort)},
                    logOptions(CliServers.postgres().port()),
                    "--backup-id",
                    "run-that-fails",
                    "--log-table",
                    "audit.runs")));
    assertTrue(error.contains("cannot connect"), error);

    JsonNode json = JSON.readTree(result.toFile());
    assertTrue(json.get("error").asText().contains("cannot connect"), json::toString);
    assertTrue(json.at("/backupLog/written").asBoolean(), json::toString);

    List<Map<String, Object>> rows = rows("audit.runs");
    assertEquals(1, rows.size());
    Map<String, Object> row = rows.get(0);
    assertEquals("run-that-fails", row.get("run_id"));
    assertEquals("failed", row.get("result"));
    assertEquals("logical", row.get("kind"));
    assertNull(row.get("bytes"));
    assertNull(row.get("sha256"));
    assertTrue(((String) row.get("message")).contains("cannot connect"), row::toString);
    assertFalse(((String) row.get("message")).contains(CliServers.postgres().password()));
  }

  @Test
  void unreachableLogDatabaseDoesNotFailTheBackup() throws Exception {
    int closedPort = freePort();
    Path result = work.resolve("result.json");
    Cadang.Result backup =
        assertSucceeded(cadang.run(backupArgs(result, serverOptions(), logOptions(closedPort))));
    backupIdIn(backup);

    JsonNode json = JSON.readTree(result.toFile());
    assertFalse(json.at("/backupLog/written").asBoolean(), json::toString);
    String logError = json.at("/backupLog/error").asText();
    assertTrue(
        logError.startsWith("cannot write the backup log to internal.backup_logs"), logError);
    assertTrue(
        backup.err().contains("cadang: warning: cannot write the backup log"), backup::toString);
    assertFalse(backup.everything().contains(CliServers.postgres().password()), "no password");
    assertFalse(json.toString().contains(CliServers.postgres().password()), "no password");
  }

  @Test
  void missingLogUserIsReportedNotFatal() throws Exception {
    Path result = work.resolve("result.json");
    Cadang.Result backup =
        assertSucceeded(
            cadang
                .withEnv("CADANG_LOG_PGUSER", null)
                .run(
                    backupArgs(result, serverOptions(), logOptions(CliServers.postgres().port()))));
    JsonNode json = JSON.readTree(result.toFile());
    assertFalse(json.at("/backupLog/written").asBoolean(), json::toString);
    assertTrue(json.at("/backupLog/error").asText().contains("CADANG_LOG_PGUSER"), json::toString);
    assertTrue(backup.err().contains("CADANG_LOG_PGUSER is not set"), backup::toString);
  }

  @Test
  void malformedLogOptionsAreUsageErrors() {
    String table =
        assertFailsWithOneLine(
            2,
            cadang.run(
                backupArgs(
                    null, serverOptions(), logOptions(5432), "--log-table", "a.b; DROP TABLE x")));
    assertTrue(table.contains("not a plain identifier"), table);
    String noHost =
        assertFailsWithOneLine(
            2, cadang.run(backupArgs(null, serverOptions(), "--log-port", "5432")));
    assertTrue(noHost.contains("need --log-host"), noHost);
  }

  private String[] backupArgs(Path result, Object... extra) {
    return args(
        "backup",
        "-d",
        SAMPLE_DB,
        "--repo",
        repoDir.toString(),
        "--key-file",
        key.toString(),
        result == null ? new String[0] : new String[] {"--result-file", result.toString()},
        args(extra));
  }

  private String[] logOptions(int port) {
    return new String[] {
      "--log-host", "127.0.0.1", "--log-port", Integer.toString(port), "--log-database", logDb
    };
  }

  private List<Map<String, Object>> rows(String table) throws Exception {
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    try (Connection c = PgConnections.open(CliServers.superuser(logDb));
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM " + table + " ORDER BY started_at");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
