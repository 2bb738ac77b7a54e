package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.postgres.PgTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday path, driven as a user drives it: keygen, backup to S3, list, verify, restore, and
 * decrypt for restores by hand with the standard PostgreSQL tools.
 */
class CliBackupRestoreIT {
  @TempDir Path work;

  private final Cadang cadang = Cadang.withUserEnvironment();
  private final String repo = CliServers.newS3Repo();
  private Path key;

  @BeforeEach
  void aMasterKey() {
    key = work.resolve("master.key");
    assertSucceeded(cadang.run("keygen", key.toString()));
  }

  @Test
  void keygenWritesAKeyFileOnlyItsOwnerCanRead() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals(1, Files.readAllLines(key).size());
  }

  @Test
  void keygenRefusesToOverwriteAnExistingKeyFile() throws Exception {
    byte[] before = Files.readAllBytes(key);

    String error = assertFailsWithOneLine(1, cadang.run("keygen", key.toString()));

    assertTrue(error.contains("already exists"), error);
    assertArrayEquals(before, Files.readAllBytes(key));
  }

  @Test
  void listShowsTheBackupWithoutNeedingAKey() {
    String id = givenABackup();

    Cadang.Result list = assertSucceeded(cadang.run("list", "--repo", repo));

    assertTrue(list.out().contains(id), list::toString);
    assertTrue(list.out().contains("1 backup(s)"), list::toString);
  }

  @Test
  void verifyLatestFindsEveryChecksumMatching() {
    String id = givenABackup();

    Cadang.Result verify =
        assertSucceeded(
            cadang.run("verify", "--repo", repo, "--key-file", key.toString(), "latest"));

    assertTrue(verify.out().startsWith("backup " + id + " OK"), verify::toString);
  }

  @Test
  void restoreLatestIntoANewDatabaseReportsMatchingRowCounts() throws Exception {
    givenABackup();
    String target = CliServers.unique("restored").replace('-', '_');

    Cadang.Result restore = assertSucceeded(restoreLatestInto(target));

    assertTrue(restore.out().contains("all row counts match"), restore::toString);
    assertFalse(restore.out().contains("MISMATCH"), restore::toString);
    assertTrue(CliServers.databaseExists(target));
  }

  @Test
  void aDrillIntoAScratchServerVerifiesRunsTheChecksAndLeavesNothingBehind() throws Exception {
    givenABackup();
    // As root the server runs as postgres, which must reach the scratch directory.
    Path scratch = PhysicalBackupTest.publicWorkDir();
    String checks =
        "[{\"name\":\"orders\",\"sql\":\"select count(*) from sales.orders\",\"minRows\":1},"
            + "{\"name\":\"customers\",\"database\":\"shop\","
            + "\"sql\":\"select id from sales.customers\",\"minRows\":500,\"maxRows\":500}]";

    Cadang.Result drill =
        assertSucceeded(
            cadang
                .withEnv("CADANG_CHECKS", checks)
                .run(
                    "restore",
                    "latest",
                    "--scratch-server",
                    "--scratch-dir",
                    scratch.toString(),
                    "--repo",
                    repo,
                    "--key-file",
                    key.toString()));

    assertTrue(drill.out().contains("all row counts match"), drill::toString);
    assertTrue(drill.out().contains("check orders on shop: passed (1 rows)"), drill::toString);
    assertTrue(drill.out().contains("check customers on shop: passed (500 rows)"), drill::toString);
    try (var left = Files.list(scratch)) {
      assertEquals(0, left.count(), "the scratch server and its files are gone");
    }

    Cadang.Result failed =
        cadang.run(
            "restore",
            "latest",
            "--scratch-server",
            "--scratch-dir",
            scratch.toString(),
            "--checks",
            "[{\"name\":\"gone\",\"sql\":\"select * from sales.no_such_table\"}]",
            "--repo",
            repo,
            "--key-file",
            key.toString());
    assertEquals(CadangMain.EXIT_VERIFICATION_FAILED, failed.exitCode(), failed::toString);
    assertTrue(
        failed
            .out()
            .contains(
                "check gone on shop: FAILED: query failed: relation \"sales.no_such_table\" does"
                    + " not exist"),
        failed::toString);
    PhysicalBackupTest.deleteTree(scratch);
  }

  @Test
  void badChecksAreRefusedWithOneLineBeforeAnythingIsRestored() {
    givenABackup();
    String error =
        assertFailsWithOneLine(
            1,
            cadang.run(
                "restore",
                "latest",
                "--scratch-server",
                "--checks",
                "[{\"sql\":\"select 1\"}]",
                "--repo",
                repo,
                "--key-file",
                key.toString()));
    assertTrue(error.contains("checks[0]: name is required"), error);
  }

  @Test
  void restoreIntoANonEmptyDatabaseWithoutOverwriteIsRefused() {
    givenABackup();
    String target = CliServers.unique("restored").replace('-', '_');
    assertSucceeded(restoreLatestInto(target));

    String error = assertFailsWithOneLine(1, restoreLatestInto(target));

    assertTrue(error.contains("--overwrite"), error);
  }

  @Test
  void restoreWithOverwriteReplacesANonEmptyDatabase() {
    givenABackup();
    String target = CliServers.unique("restored").replace('-', '_');
    assertSucceeded(restoreLatestInto(target));

    Cadang.Result again = assertSucceeded(restoreLatestInto(target, "--overwrite"));

    assertTrue(again.out().contains("all row counts match"), again::toString);
  }

  @Test
  void decryptedDumpIsAnArchiveThatPgRestoreAccepts() throws Exception {
    givenABackup();
    Path dump = work.resolve("shop.dump");

    assertSucceeded(
        cadang.run(
            "decrypt",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            "-o",
            dump.toString(),
            "latest",
            SAMPLE_DB));

    Process list =
        new ProcessBuilder(
                PgTools.newest(null).tool("pg_restore").toString(), "--list", dump.toString())
            .redirectErrorStream(true)
            .start();
    String toc = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(list.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, list.exitValue(), toc);
    assertTrue(toc.contains("TABLE DATA sales customers"), toc);
  }

  @Test
  void decryptedGlobalsHoldTheRoles() throws Exception {
    givenABackup();
    Path globals = work.resolve("globals.sql");

    assertSucceeded(
        cadang.run(
            "decrypt",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            "-o",
            globals.toString(),
            "latest",
            "globals.sql"));

    assertTrue(Files.readString(globals).contains("CREATE ROLE"));
  }

  @Test
  void demoRunsTheWholeDataPathAndSaysSo() {
    Cadang.Result demo =
        assertSucceeded(
            cadang.run(
                "demo", "--work-dir", work.resolve("demo").toString(), "--customers", "200"));

    assertTrue(demo.out().contains("Demo OK"), demo::toString);
  }

  /** A backup of the sample database and the roles; returns its id. */
  private String givenABackup() {
    return CliServers.backupOfSample(cadang, repo, key);
  }

  private Cadang.Result restoreLatestInto(String target, String... extra) {
    return cadang.run(
        args(
            "restore",
            "latest",
            serverOptions(),
            "-d",
            SAMPLE_DB,
            "--target-db",
            target,
            "--create",
            "--repo",
            repo,
            "--key-file",
            key.toString(),
            extra));
  }
}
