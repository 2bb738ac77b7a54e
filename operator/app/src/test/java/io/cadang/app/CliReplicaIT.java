package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.testkit.FaultInjectingHttpProxy;
import io.cadang.testkit.S3TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas through the CLI: a second s3proxy server holds two replica buckets, one of them behind a
 * proxy that can answer every request with 503 (the replica region is down).
 */
class CliReplicaIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3TestServer second;
  private static FaultInjectingHttpProxy outage;

  @TempDir Path work;
  private Cadang cadang;
  private String repo;
  private String east;
  private String west;
  private Path key;

  @BeforeAll
  static void secondRegion() {
    second = S3TestServer.start();
    outage = FaultInjectingHttpProxy.start(second.endpoint());
  }

  @AfterAll
  static void stop() {
    outage.close();
    second.close();
  }

  @BeforeEach
  void repositories() {
    repo = CliServers.newS3Repo();
    String eastBucket = CliServers.unique("east");
    String westBucket = CliServers.unique("west");
    second.createBucket(eastBucket);
    second.createBucket(westBucket);
    east = replicaUri(eastBucket, second.endpoint().toString());
    west = replicaUri(westBucket, outage.endpoint().toString());
    Map<String, String> env = new HashMap<>(CliServers.userEnvironment());
    for (int i = 0; i < 2; i++) {
      env.put("CADANG_REPLICA_" + i + "_ACCESS_KEY_ID", second.accessKey());
      env.put("CADANG_REPLICA_" + i + "_SECRET_ACCESS_KEY", second.secretKey());
    }
    cadang = Cadang.withEnvironment(env);
    key = work.resolve("master.key");
    assertSucceeded(cadang.run("keygen", key.toString()));
  }

  @AfterEach
  void regionBack() {
    outage.failNextRequests(0, 503);
  }

  @Test
  void backupSucceedsWithAReplicaDownAndTheNextBackupCatchesItUp() throws Exception {
    outage.failNextRequests(1_000_000, 503);
    Path result1 = work.resolve("result1.json");
    Cadang.Result first = assertSucceeded(backupWithReplicas(result1));
    String id1 = backupIdIn(first);

    JsonNode r1 = JSON.readTree(result1.toFile());
    assertEquals(id1, r1.get("backupId").asText(), "the backup's own facts are still there");
    assertEquals("east", r1.at("/replicas/0/name").asText());
    assertEquals("Replicated", r1.at("/replicas/0/state").asText());
    assertEquals(3, r1.at("/replicas/0/objects").asInt(), "dump, globals, manifest");
    assertEquals("west", r1.at("/replicas/1/name").asText());
    assertEquals("Failed", r1.at("/replicas/1/state").asText());
    assertTrue(r1.at("/replicas/1/message").asText().contains("HTTP 503"), r1::toString);
    assertTrue(first.err().contains("cadang: warning: replica west failed"), first::toString);
    assertFalse(first.everything().contains(second.secretKey()), "no secret printed");

    outage.failNextRequests(0, 503);
    Path result2 = work.resolve("result2.json");
    String id2 = backupIdIn(assertSucceeded(backupWithReplicas(result2)));
    JsonNode r2 = JSON.readTree(result2.toFile());
    assertEquals("Replicated", r2.at("/replicas/1/state").asText(), r2::toString);
    assertEquals(id1, r2.at("/replicas/1/caughtUp/0").asText(), r2::toString);
    assertEquals(1, r2.at("/replicas/1/caughtUp").size());
    assertEquals(0, r2.at("/replicas/1/behind").asInt());
    assertEquals(0, r2.at("/replicas/0/caughtUp").size(), "east was never behind");

    // The replica alone is a usable repository: list and restore read it with its own keys.
    Cadang westReader =
        cadang
            .withEnv("AWS_ACCESS_KEY_ID", second.accessKey())
            .withEnv("AWS_SECRET_ACCESS_KEY", second.secretKey());
    Cadang.Result list = assertSucceeded(westReader.run("list", "--repo", west));
    assertTrue(list.out().contains(id1) && list.out().contains(id2), list::toString);
    String target = CliServers.unique("from_west").replace('-', '_');
    Cadang.Result restore =
        assertSucceeded(
            westReader.run(
                args(
                    "restore",
                    id1,
                    serverOptions(),
                    "-d",
                    SAMPLE_DB,
                    "--target-db",
                    target,
                    "--create",
                    "--repo",
                    west,
                    "--key-file",
                    key.toString())));
    assertTrue(restore.out().contains("all row counts match"), restore::toString);
  }

  @Test
  void replicateCopiesWhatIsMissingThenOnlyVerifies() throws Exception {
    String id1 = backup();
    String id2 = backup();

    Path result = work.resolve("replicate.json");
    Cadang.Result copy =
        assertSucceeded(
            cadang.run(
                "replicate",
                "--repo",
                repo,
                "--replica",
                "east=" + east,
                "--result-file",
                result.toString()));
    assertTrue(copy.out().contains("replica east: 2 backup(s) verified"), copy::toString);
    assertTrue(copy.out().contains("6 object(s) copied"), copy::toString);
    JsonNode json = JSON.readTree(result.toFile());
    assertEquals(
        List.of(id1, id2),
        List.of(
            json.at("/replicas/0/caughtUp/0").asText(),
            json.at("/replicas/0/caughtUp/1").asText()));

    Cadang.Result again =
        assertSucceeded(
            cadang.run(
                "replicate", "--repo", repo, "--replica", "east=" + east, "--backup-id", id1));
    assertTrue(again.out().contains("0 object(s) copied"), again::toString);
    assertTrue(again.out().contains("3 already present"), again::toString);

    Cadang.Result nothing =
        assertSucceeded(cadang.run("replicate", "--repo", repo, "--replica", "east=" + east));
    assertTrue(nothing.out().contains("0 backup(s) verified"), nothing::toString);

    Cadang.Result all =
        assertSucceeded(
            cadang.run("replicate", "--repo", repo, "--replica", "east=" + east, "--all"));
    assertTrue(all.out().contains("2 backup(s) verified"), all::toString);
    assertTrue(all.out().contains("6 already present"), all::toString);
  }

  @Test
  void replicateToAnUnreachableReplicaFailsWithOneLine() {
    backup();
    outage.failNextRequests(1_000_000, 503);
    String error =
        assertFailsWithOneLine(
            1, cadang.run("replicate", "--repo", repo, "--replica", "west=" + west, "--all"));
    assertTrue(error.startsWith("cadang: error: replica west: "), error);
    assertTrue(error.contains("HTTP 503"), error);
  }

  @Test
  void physicalBackupIsReplicatedToAFileRepositoryAndLogged() throws Exception {
    String logDb = CliServers.unique("phys_logs").replace('-', '_');
    CliServers.execute("postgres", "CREATE DATABASE " + logDb);
    Path local = work.resolve("local-replica");
    Path result = work.resolve("physical.json");
    Cadang.Result backup =
        assertSucceeded(
            cadang
                .withEnv("CADANG_LOG_PGUSER", CliServers.superuser("postgres").user())
                .withEnv("CADANG_LOG_PGPASSWORD", CliServers.postgres().password())
                .run(
                    args(
                        "backup",
                        "--method",
                        "physical",
                        serverOptions(),
                        "--repo",
                        repo,
                        "--key-file",
                        key.toString(),
                        "--replica",
                        "local=" + local.toUri(),
                        "--log-host",
                        "127.0.0.1",
                        "--log-port",
                        Integer.toString(CliServers.postgres().port()),
                        "--log-database",
                        logDb,
                        "--result-file",
                        result.toString())));
    String id = backupIdIn(backup);
    JsonNode json = JSON.readTree(result.toFile());
    assertEquals("physical", json.get("kind").asText());
    assertEquals("Replicated", json.at("/replicas/0/state").asText(), json::toString);
    assertEquals(2, json.at("/replicas/0/objects").asInt(), "base.tar and the manifest");
    assertTrue(json.at("/backupLog/written").asBoolean(), json::toString);
    assertTrue(
        java.nio.file.Files.exists(local.resolve("backups/" + id + "/base.tar.zst.cdg")),
        "the base backup is in the file replica");
    // The copy is the same ciphertext: verify reads it with the same key.
    Cadang.Result verify =
        assertSucceeded(
            cadang.run(
                "verify", "--repo", local.toUri().toString(), "--key-file", key.toString(), id));
    assertTrue(verify.out().startsWith("backup " + id + " OK"), verify::toString);
    try (var c = io.cadang.agent.postgres.PgConnections.open(CliServers.superuser(logDb));
        var rs =
            c.createStatement()
                .executeQuery("SELECT run_id, kind, result FROM internal.backup_logs")) {
      assertTrue(rs.next());
      assertEquals(id, rs.getString(1));
      assertEquals("physical", rs.getString(2));
      assertEquals("succeeded", rs.getString(3));
      assertFalse(rs.next(), "one row per run");
    }
  }

  @Test
  void replicaUsesOnlyItsOwnCredentialsAndNeverPrintsThem() throws Exception {
    Path result = work.resolve("creds.json");
    Cadang.Result backup =
        assertSucceeded(
            cadang
                .withEnv("CADANG_REPLICA_1_SECRET_ACCESS_KEY", "wrong-secret-for-west")
                .run(
                    args(
                        "backup",
                        serverOptions(),
                        "-d",
                        SAMPLE_DB,
                        "--repo",
                        repo,
                        "--key-file",
                        key.toString(),
                        "--replica",
                        "east=" + east,
                        "--replica",
                        "west=" + west,
                        "--result-file",
                        result.toString())));
    JsonNode json = JSON.readTree(result.toFile());
    assertEquals("Replicated", json.at("/replicas/0/state").asText(), json::toString);
    assertEquals("Failed", json.at("/replicas/1/state").asText(), json::toString);
    assertTrue(json.at("/replicas/1/message").asText().contains("access denied"), json::toString);
    assertFalse(backup.everything().contains("wrong-secret-for-west"), backup::toString);
    assertFalse(json.toString().contains("wrong-secret-for-west"));
  }

  @Test
  void malformedReplicaOptionsAreUsageErrors() {
    String noName =
        assertFailsWithOneLine(2, cadang.run("replicate", "--repo", repo, "--replica", east));
    assertTrue(noName.contains("expected NAME=REPOSITORY-URI"), noName);
    String none = assertFailsWithOneLine(2, cadang.run("replicate", "--repo", repo));
    assertTrue(none.contains("at least one --replica"), none);
    String twice =
        assertFailsWithOneLine(
            2,
            cadang.run(
                "replicate", "--repo", repo, "--replica", "a=" + east, "--replica", "a=" + west));
    assertTrue(twice.contains("given twice"), twice);
    String scheme =
        assertFailsWithOneLine(
            2,
            cadang.run(
                args(
                    "backup",
                    serverOptions(),
                    "-d",
                    SAMPLE_DB,
                    "--repo",
                    repo,
                    "--key-file",
                    key.toString(),
                    "--replica",
                    "x=gs://bucket")));
    assertTrue(scheme.contains("replica 'x': unsupported repository scheme"), scheme);
  }

  private Cadang.Result backupWithReplicas(Path resultFile) {
    return cadang.run(
        args(
            "backup",
            serverOptions(),
            "-d",
            SAMPLE_DB,
            "--globals",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            "--replica",
            "east=" + east,
            "--replica",
            "west=" + west,
            "--result-file",
            resultFile.toString()));
  }

  private String backup() {
    return CliServers.backupOfSample(cadang, repo, key);
  }

  private static String replicaUri(String bucket, String endpoint) {
    return "s3://" + bucket + "/copy?endpoint=" + endpoint + "&region=us-east-1&path-style=true";
  }
}
