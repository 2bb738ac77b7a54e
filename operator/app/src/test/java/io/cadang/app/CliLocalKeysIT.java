package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local master keys: from a variable (a Kubernetes Secret as env), wrong keys, and rotation. */
class CliLocalKeysIT {
  @TempDir Path work;

  private final String repo = CliServers.newS3Repo();

  @Test
  void keyFromAnEnvironmentVariableBacksUpAndRestores() {
    Cadang cadang = Cadang.withUserEnvironment().withEnv("CADANG_KEY", randomKey());
    String target = newDatabaseName();
    assertSucceeded(cadang.run(backup("--key-env", "CADANG_KEY")));

    Cadang.Result restore =
        assertSucceeded(cadang.run(restoreLatest(target, "--key-env", "CADANG_KEY")));

    assertTrue(restore.out().contains("all row counts match"), restore::toString);
  }

  @Test
  void restoreWithTheWrongKeyFailsBeforeCreatingTheTarget() throws Exception {
    Cadang cadang =
        Cadang.withUserEnvironment()
            .withEnv("CADANG_KEY", randomKey())
            .withEnv("OTHER_KEY", randomKey());
    assertSucceeded(cadang.run(backup("--key-env", "CADANG_KEY")));
    String target = newDatabaseName();

    String error =
        assertFailsWithOneLine(1, cadang.run(restoreLatest(target, "--key-env", "OTHER_KEY")));

    assertTrue(error.contains("different master key"), error);
    assertFalse(CliServers.databaseExists(target));
  }

  @Test
  void afterLocalRewrapTheNewKeyRestores() {
    Cadang cadang = Cadang.withUserEnvironment();
    String keyA = givenKey("a.key");
    String keyB = givenKey("b.key");
    assertSucceeded(cadang.run(backup("--key-file", keyA)));

    Cadang.Result rewrap =
        assertSucceeded(
            cadang.run(
                "rewrap", "--all", "--repo", repo, "--key-file", keyB, "--old-key-file", keyA));

    assertTrue(rewrap.out().contains("1 backup(s) rewrapped"), rewrap::toString);
    Cadang.Result restore =
        assertSucceeded(cadang.run(restoreLatest(newDatabaseName(), "--key-file", keyB)));
    assertTrue(restore.out().contains("all row counts match"), restore::toString);
  }

  @Test
  void afterLocalRewrapListShowsTheNewKeyWhichAloneOpensTheBackupAndAnUnrelatedKeyDoesNot() {
    Cadang cadang = Cadang.withUserEnvironment();
    String keyA = givenKey("a.key");
    String keyB = givenKey("b.key");
    String keyC = givenKey("c.key");
    assertSucceeded(cadang.run(backup("--key-file", keyA)));
    String before = assertSucceeded(cadang.run("list", "--repo", repo)).out();
    assertSucceeded(
        cadang.run("rewrap", "--all", "--repo", repo, "--key-file", keyB, "--old-key-file", keyA));

    String after = assertSucceeded(cadang.run("list", "--repo", repo)).out();
    String verified =
        assertSucceeded(cadang.run("verify", "--repo", repo, "--key-file", keyB, "latest")).out();
    String error =
        assertFailsWithOneLine(
            1, cadang.run("verify", "--repo", repo, "--key-file", keyC, "latest"));

    assertFalse(before.equals(after), "list shows the key of the new record: " + after);
    assertTrue(verified.contains("OK: manifest seal valid"), verified);
    assertTrue(verified.contains("; no Object Lock"), verified);
    assertTrue(error.contains("different master key"), error);
  }

  private String givenKey(String name) {
    String file = work.resolve(name).toString();
    assertSucceeded(Cadang.withUserEnvironment().run("keygen", file));
    return file;
  }

  private String[] backup(String... keyOptions) {
    return args("backup", serverOptions(), "-d", SAMPLE_DB, "--repo", repo, keyOptions);
  }

  private String[] restoreLatest(String target, String... keyOptions) {
    return args(
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
        keyOptions);
  }

  private static String newDatabaseName() {
    return CliServers.unique("restored").replace('-', '_');
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
