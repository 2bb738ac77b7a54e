package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a user can get it wrong ends with the right exit code (2 for bad usage, 1 for a
 * failure) and exactly one line on stderr naming the problem — never a stack trace.
 */
class CliErrorsIT {
  @TempDir Path work;

  private final Cadang cadang = Cadang.withUserEnvironment();
  private final String repo = CliServers.newS3Repo();
  private String key;

  @BeforeEach
  void aMasterKey() {
    key = work.resolve("master.key").toString();
    assertSucceeded(cadang.run("keygen", key));
  }

  @Test
  void unknownOptionIsAUsageError() {
    String error =
        assertFailsWithOneLine(2, cadang.run("list", "--repo", repo, "--no-such-option"));

    assertTrue(error.contains("--no-such-option"), error);
  }

  @Test
  void backupWithoutDatabasesOrAllDatabasesIsAUsageError() {
    String error =
        assertFailsWithOneLine(
            2, cadang.run(args("backup", serverOptions(), "--repo", repo, "--key-file", key)));

    assertTrue(error.contains("--all-databases"), error);
  }

  @Test
  void unknownRepositoryParameterIsNamed() {
    String error =
        assertFailsWithOneLine(
            1, cadang.run(backupTo("s3://" + CliServers.unique("b") + "?bogus=1")));

    assertTrue(error.contains("bogus"), error);
  }

  @Test
  void aRepositoryWithoutSchemeIsRefusedNotWrittenToALocalDirectory() throws Exception {
    String error = assertFailsWithOneLine(1, cadang.run("list", "--repo", "mybucket/x"));

    assertTrue(error.contains("has no scheme: use s3://mybucket/x"), error);
    assertFalse(Files.exists(Path.of("mybucket")), "nothing created in the working directory");
  }

  @Test
  void listingADirectoryThatDoesNotExistIsAnErrorNotAnEmptyRepository() {
    String missing = work.resolve("nonexistent").toUri().toString();

    String error = assertFailsWithOneLine(1, cadang.run("list", "--repo", missing));

    assertTrue(error.contains("does not exist (no such directory)"), error);
  }

  @Test
  void missingS3CredentialsAreOneShortLine() {
    Cadang.Result r =
        Cadang.withEnvironment(java.util.Map.of())
            .run("list", "--repo", CliServers.s3RepoUri(CliServers.unique("nocreds")));

    String error = assertFailsWithOneLine(1, r);
    assertTrue(error.contains("no S3 credentials for bucket"), error);
    assertTrue(error.contains("AWS_ACCESS_KEY_ID"), error);
    assertTrue(error.length() < 300, "short: " + error.length() + " chars: " + error);
  }

  @Test
  void missingBucketIsNamed() {
    String bucket = CliServers.unique("never-created");

    String error = assertFailsWithOneLine(1, cadang.run(backupTo(CliServers.s3RepoUri(bucket))));

    assertTrue(error.contains("bucket '" + bucket + "' does not exist"), error);
  }

  @Test
  void unreachableServerIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    String error =
        assertFailsWithOneLine(
            1,
            cadang.run(
                "backup",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(closedPort),
                "-d",
                SAMPLE_DB,
                "--repo",
                repo,
                "--key-file",
                key));

    assertTrue(error.contains("127.0.0.1:" + closedPort), error);
    assertNothingListed();
  }

  @Test
  void wrongPasswordIsNamedAndNeverEchoed() {
    String wrong = "Wr0ng-Pa55word-Kingfisher";

    Cadang.Result r = cadang.withEnv("PGPASSWORD", wrong).run(backupTo(repo));

    String error = assertFailsWithOneLine(1, r);
    assertTrue(error.startsWith("cadang: error: authentication failed for user 'postgres'"), error);
    assertFalse(r.everything().contains(wrong), r::toString);
    assertNothingListed();
  }

  @Test
  void missingDatabaseIsNamed() {
    String error =
        assertFailsWithOneLine(
            1,
            cadang.run(
                args(
                    "backup",
                    serverOptions(),
                    "-d",
                    "no_such_db",
                    "--repo",
                    repo,
                    "--key-file",
                    key)));

    assertTrue(error.contains("no_such_db"), error);
  }

  @Test
  void backupWithoutAKeySourceSaysHowToGiveOne() {
    String error =
        assertFailsWithOneLine(
            1, cadang.run(args("backup", serverOptions(), "-d", SAMPLE_DB, "--repo", repo)));

    assertTrue(error.contains("key source"), error);
  }

  @Test
  void decryptOfAnUnknownObjectNamesTheObjectsThereAre() {
    assertSucceeded(cadang.run(backupTo(repo)));

    String error =
        assertFailsWithOneLine(
            1,
            cadang.run(
                "decrypt",
                "--repo",
                repo,
                "--key-file",
                key,
                "-o",
                work.resolve("x").toString(),
                "latest",
                "db/nope.dump"));

    assertTrue(error.contains("db/nope.dump"), error);
    assertTrue(error.contains("db/" + SAMPLE_DB), error);
  }

  @Test
  void restoreOfAnUnknownBackupIdIsNamed() {
    assertSucceeded(cadang.run(backupTo(repo)));

    String error =
        assertFailsWithOneLine(
            1,
            cadang.run(
                args(
                    "restore",
                    "20000101T000000Z-nope",
                    serverOptions(),
                    "--target-db",
                    "x",
                    "--create",
                    "--repo",
                    repo,
                    "--key-file",
                    key)));

    assertTrue(error.contains("20000101T000000Z-nope"), error);
  }

  @Test
  void debugModeAddsTheStackTraceAfterTheErrorLine() {
    Cadang.Result r =
        cadang
            .withEnv("CADANG_DEBUG", "1")
            .run(backupTo("s3://" + CliServers.unique("b") + "?bogus=1"));

    assertEquals(1, r.exitCode(), r::toString);
    assertTrue(r.errLines().get(0).startsWith("cadang: error: "), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }

  private String[] backupTo(String repository) {
    return args(
        "backup", serverOptions(), "-d", SAMPLE_DB, "--repo", repository, "--key-file", key);
  }

  private void assertNothingListed() {
    Cadang.Result list = assertSucceeded(cadang.run("list", "--repo", repo));
    assertTrue(list.out().contains("0 backup(s)"), list::toString);
    assertEquals("", list.err());
  }
}
