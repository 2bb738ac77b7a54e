package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.testkit.FakeVaultServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault transit keys against a fake Vault HTTP API (Vault itself cannot run here): token and
 * Kubernetes auth, and moving backups to a rotated key version.
 */
class CliVaultIT {
  private static final String KEY = "cadang";

  @TempDir Path work;

  private final String repo = CliServers.newS3Repo();
  private FakeVaultServer vault;
  private Cadang cadang;

  @BeforeEach
  void aVaultWithATransitKey() throws Exception {
    vault = FakeVaultServer.start();
    vault.createKey(KEY);
    cadang = Cadang.withUserEnvironment().withEnv("VAULT_TOKEN", vault.rootToken());
  }

  @AfterEach
  void stopVault() {
    vault.close();
  }

  @Test
  void backupWithATokenVerifies() {
    String id = backupIdIn(assertSucceeded(cadang.run(backup())));

    Cadang.Result verify =
        assertSucceeded(cadang.run(args("verify", "--repo", repo, vaultKey(), id)));

    assertTrue(verify.out().contains(id + " OK"), verify::toString);
  }

  @Test
  void rewrapAfterRotationMovesBackupsToTheNewKeyVersion() {
    String id = backupIdIn(assertSucceeded(cadang.run(backup())));
    assertEquals(2, vault.rotate(KEY));

    assertSucceeded(cadang.run(args("rewrap", "--all", "--repo", repo, vaultKey())));

    String row = listRowOf(id);
    assertTrue(row.contains(KEY + " v2"), row);
    assertSucceeded(cadang.run(args("verify", "--repo", repo, vaultKey(), id)));
  }

  @Test
  void kubernetesAuthLogsInWithTheServiceAccountToken() throws Exception {
    Path jwt = work.resolve("token");
    Files.writeString(jwt, "eyJ.fake-service-account-jwt");
    vault.allowKubernetesLogin("cadang-backup", "eyJ.fake-service-account-jwt");
    Cadang inPod = cadang.withEnv("VAULT_TOKEN", null);

    String id =
        backupIdIn(
            assertSucceeded(
                inPod.run(
                    backup(
                        "--vault-auth",
                        "kubernetes",
                        "--vault-role",
                        "cadang-backup",
                        "--vault-jwt-file",
                        jwt.toString()))));

    assertTrue(vault.requestCount("auth/kubernetes/login") > 0);
    assertTrue(listRowOf(id).contains(KEY + " v1"));
  }

  @Test
  void vaultAddressAndNamespaceComeFromTheEnvironment() {
    Cadang withVaultEnv =
        cadang.withEnv("VAULT_ADDR", vault.address()).withEnv("VAULT_NAMESPACE", "team-a");

    assertSucceeded(
        withVaultEnv.run(
            args("backup", serverOptions(), "-d", SAMPLE_DB, "--repo", repo, "--vault-key", KEY)));

    assertFalse(vault.requests("transit/").isEmpty());
    vault
        .requests("transit/")
        .forEach(r -> assertEquals("team-a", r.headers().get("x-vault-namespace"), r.path()));
  }

  private String[] vaultKey() {
    return new String[] {"--vault-key", KEY, "--vault-addr", vault.address()};
  }

  private String[] backup(String... extra) {
    return args("backup", serverOptions(), "-d", SAMPLE_DB, "--repo", repo, vaultKey(), extra);
  }

  private String listRowOf(String id) {
    Cadang.Result list = assertSucceeded(cadang.run("list", "--repo", repo));
    return list.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
  }
}
