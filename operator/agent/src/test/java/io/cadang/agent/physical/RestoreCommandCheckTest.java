package io.cadang.agent.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL reads every restore_command exit status up to 125 as "not in the archive", so recovery
 * tries the command once before the server starts and accepts only wal-fetch's own not-found answer
 * or a written file. These run real shell commands the way the server would.
 */
class RestoreCommandCheckTest {
  @TempDir Path dir;

  @Test
  void placeholdersAreExpandedLikeTheServerDoes() {
    WalFetchInvocation fetch = new WalFetchInvocation("cp '/a/100%%' %f %p %r", Map.of());
    assertEquals("cp '/a/100%' X.history /tmp/out %r", fetch.expandedFor("X.history", "/tmp/out"));
  }

  @Test
  void theNotFoundAnswerOfWalFetchPasses() throws Exception {
    server()
        .checkRestoreCommand(
            invocation("echo \"cadang: %f is not in the WAL archive\" >&2; exit 1"), dir);
  }

  @Test
  void aCommandThatWritesTheFilePasses() throws Exception {
    server().checkRestoreCommand(invocation("echo history > %p"), dir);
    assertTrue(
        Files.notExists(dir.resolve("restore-command-probe")), "the probe's file is removed");
  }

  @Test
  void aJvmThatCannotStartIsRefusedThoughItExitsLikeNotFound() {
    RecoveryException e =
        assertThrows(
            RecoveryException.class,
            () ->
                server()
                    .checkRestoreCommand(
                        invocation("echo 'Error: Unable to access jarfile /x.jar' >&2; exit 1"),
                        dir));
    assertEquals(
        "restore_command (cadang wal-fetch) does not work, exit 1: Error: Unable to access jarfile"
            + " /x.jar",
        e.getMessage());
  }

  @Test
  void aUsageErrorIsRefused() {
    RecoveryException e =
        assertThrows(
            RecoveryException.class,
            () ->
                server()
                    .checkRestoreCommand(
                        invocation("echo \"Unknown option: '--vault-rol'\" >&2; exit 2"), dir));
    assertTrue(e.getMessage().contains("exit 2: Unknown option"), e.getMessage());
  }

  @Test
  void theCommandSeesTheEnvironmentRecoveryGivesIt() throws Exception {
    WalFetchInvocation fetch =
        new WalFetchInvocation(
            "test \"$CADANG_PROBE\" = yes && echo \"cadang: %f is not in the WAL archive\" >&2;"
                + " exit 1",
            Map.of("CADANG_PROBE", "yes"));
    server().checkRestoreCommand(fetch, dir);
  }

  private RecoveryServer server() {
    return new RecoveryServer(null, dir, dir, 0, "postgres", null);
  }

  private static WalFetchInvocation invocation(String command) {
    return new WalFetchInvocation(command, Map.of());
  }
}
