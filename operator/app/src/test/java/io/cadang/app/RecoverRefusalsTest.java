package io.cadang.app;

import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cadang recover} refuses what it cannot do before it touches the data directory: a
 * directory that holds anything, a target outside the recovery window, a logical backup, bad
 * targets.
 */
class RecoverRefusalsTest {
  private static final Cadang CADANG = Cadang.withUserEnvironment();
  private static String repo;
  private static Path work;
  private static Path key;
  private static String physicalId;
  private static String logicalId;

  @BeforeAll
  static void aPhysicalAndALogicalBackup() throws Exception {
    repo = CliServers.newS3Repo();
    work = PhysicalBackupTest.publicWorkDir();
    key = work.resolve("master.key");
    assertSucceeded(CADANG.run("keygen", key.toString()));
    physicalId =
        backupIdIn(
            assertSucceeded(
                CADANG.run(
                    Cadang.args(
                        "backup",
                        "--method",
                        "physical",
                        serverOptions(),
                        "--repo",
                        repo,
                        "--key-file",
                        key.toString()))));
    logicalId =
        backupIdIn(
            assertSucceeded(
                CADANG.run(
                    Cadang.args(
                        "backup",
                        "-d",
                        CliServers.SAMPLE_DB,
                        serverOptions(),
                        "--repo",
                        repo,
                        "--key-file",
                        key.toString()))));
  }

  @AfterAll
  static void cleanUp() {
    PhysicalBackupTest.deleteTree(work);
  }

  private static Cadang.Result recover(Path dataDir, String... target) {
    return CADANG.run(
        Cadang.args(
            "recover",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            "--data-dir",
            dataDir.toString(),
            target));
  }

  @Test
  void aNonEmptyDataDirectoryIsRefusedAndLeftAsItWas() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("busy"));
    Files.writeString(dataDir.resolve("PG_VERSION"), "15\n");

    String error = assertFailsWithOneLine(1, recover(dataDir, "--latest"));

    assertTrue(error.contains("is not empty"), error);
    try (Stream<Path> entries = Files.list(dataDir)) {
      assertEquals(List.of(dataDir.resolve("PG_VERSION")), entries.toList());
    }
    assertEquals("15\n", Files.readString(dataDir.resolve("PG_VERSION")));
  }

  @Test
  void aTargetBeforeTheOldestBaseBackupNamesTheWindowAndTouchesNothing() {
    Path dataDir = work.resolve("too-early");

    String error = assertFailsWithOneLine(1, recover(dataDir, "--time", "2001-02-03T04:05:06Z"));

    assertTrue(
        error.matches(
            "cadang: error: target 2001-02-03T04:05:06Z is outside the recovery window \\S+ … .+"),
        error);
    assertFalse(Files.exists(dataDir), "the data directory must not be created");
  }

  @Test
  void aLogicalBackupCannotBeRecovered() {
    Path dataDir = work.resolve("logical");

    String error =
        assertFailsWithOneLine(1, recover(dataDir, "--latest", "--backup-id", logicalId));

    assertTrue(error.contains("is a logical backup"), error);
    assertFalse(Files.exists(dataDir));
  }

  @Test
  void aPhysicalBackupCannotBeRestoredLogically() {
    String error =
        assertFailsWithOneLine(
            1,
            CADANG.run(
                Cadang.args(
                    "restore",
                    physicalId,
                    serverOptions(),
                    "--repo",
                    repo,
                    "--key-file",
                    key.toString(),
                    "--create")));

    assertTrue(error.contains("is a physical base backup"), error);
  }

  @Test
  void targetsAreValidatedAsUsage() {
    String lsn = assertFailsWithOneLine(2, recover(work.resolve("x"), "--lsn", "12345"));
    assertTrue(lsn.contains("12345' is not a WAL position"), lsn);
    String time = assertFailsWithOneLine(2, recover(work.resolve("x"), "--time", "yesterday"));
    assertTrue(time.contains("not an RFC 3339 time"), time);
    String none = assertFailsWithOneLine(2, recover(work.resolve("x")));
    assertTrue(none.contains("--time") || none.contains("--latest"), none);
  }
}
