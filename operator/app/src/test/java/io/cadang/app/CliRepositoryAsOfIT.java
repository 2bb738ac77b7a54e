package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.testkit.LockingS3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * An attacker with the write-only key plants a newer "backup" after the last good one; a restore of
 * {@code latest} from the repository as it was before the attack (as-of) ignores it (a real
 * versioned, Object Lock server: Versity Gateway).
 */
class CliRepositoryAsOfIT {
  private static LockingS3Server server;

  @TempDir Path work;

  @BeforeAll
  static void start() {
    server = LockingS3Server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void restoreLatestAsOfBeforeTheAttackIgnoresAPlantedBackup() throws Exception {
    server.createLockedBucket("cli-asof");
    LockingS3Server.Credentials writer = server.createWriteOnlyUser("cli-asof");
    String repo =
        "s3://cli-asof/cadang?endpoint="
            + server.endpoint()
            + "&region="
            + server.region()
            + "&path-style=true&lock-mode=governance&lock-retain-seconds=3600";
    Path key = work.resolve("master.key");
    Cadang cadang =
        Cadang.withUserEnvironment()
            .withEnv("AWS_ACCESS_KEY_ID", writer.accessKey())
            .withEnv("AWS_SECRET_ACCESS_KEY", writer.secretKey());
    assertSucceeded(cadang.run("keygen", key.toString()));
    String good =
        backupIdIn(
            assertSucceeded(
                cadang.run(
                    args(
                        "backup",
                        serverOptions(),
                        "-d",
                        SAMPLE_DB,
                        "--repo",
                        repo,
                        "--key-file",
                        key.toString()))));
    Thread.sleep(1200);
    Instant beforeAttack = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Thread.sleep(1200);
    // The attack: a "newer" backup whose manifest is garbage, written with the pods' key.
    server
        .client(writer)
        .putObject(
            r -> r.bucket("cli-asof").key("cadang/backups/zz-planted/manifest.json"),
            RequestBody.fromString(
                "{\"formatVersion\": 1, \"planted\": true}", StandardCharsets.UTF_8));

    String now = assertFailsWithOneLine(1, cadang.run(restoreLatest(repo, key, "today")));
    Cadang.Result past =
        assertSucceeded(cadang.run(restoreLatest(repo + "&as-of=" + beforeAttack, key, "before")));

    assertTrue(now.contains("zz-planted"), "today's latest is the planted one: " + now);
    assertTrue(past.out().contains(good), past::toString);
    assertTrue(past.out().contains("all row counts match"), past::toString);
  }

  private static String[] restoreLatest(String repo, Path key, String suffix) {
    return args(
        "restore",
        "latest",
        serverOptions(),
        "-d",
        SAMPLE_DB,
        "--target-db",
        CliServers.unique("asof_" + suffix).replace('-', '_'),
        "--create",
        "--repo",
        repo,
        "--key-file",
        key.toString());
  }
}
