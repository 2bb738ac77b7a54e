package io.cadang.agent.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cadang.agent.keys.KeyException.Reason;
import io.cadang.testkit.FakeVaultServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyProvidersTest {
  private static final String B64_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir Path dir;

  @Test
  void keyFileOpensALocalProvider() throws Exception {
    Path file = Files.writeString(dir.resolve("k"), B64_KEY);

    KeyProvider provider = KeyProviders.open(KeyOptions.localFile(file), Map.of());

    assertInstanceOf(LocalKeyProvider.class, provider);
  }

  @Test
  void keyEnvOpensALocalProvider() throws Exception {
    KeyProvider provider = KeyProviders.open(KeyOptions.localEnv("K"), Map.of("K", B64_KEY));

    assertEquals(LocalKeyProvider.fromBytes(new byte[32]).keyId(), provider.keyId());
  }

  @Test
  void noneOrSeveralSourcesAreRejectedInOneLine() {
    KeyOptions none =
        new KeyOptions(null, null, null, null, null, null, null, null, null, null, null);
    KeyOptions two =
        new KeyOptions(dir.resolve("k"), "K", null, null, null, null, null, null, null, null, null);

    KeyException e0 = assertThrows(KeyException.class, () -> KeyProviders.open(none, Map.of()));
    KeyException e2 = assertThrows(KeyException.class, () -> KeyProviders.open(two, Map.of()));

    assertEquals(Reason.INVALID_KEY_SOURCE, e0.reason());
    assertEquals(
        "choose exactly one key source: a key file, a key environment variable or a Vault transit"
            + " key (0 given)",
        e0.getMessage());
    assertEquals(Reason.INVALID_KEY_SOURCE, e2.reason());
  }

  @Test
  void vaultKeyWithTokenFromTheEnvironmentOpensTransit() throws Exception {
    try (FakeVaultServer vault = FakeVaultServer.start()) {
      KeyOptions opts =
          new KeyOptions(null, null, null, null, "k1", null, null, null, null, null, null);
      Map<String, String> env =
          Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.rootToken());

      KeyProvider provider = KeyProviders.open(opts, env);

      assertEquals("vault-transit:k1", provider.keyId());
      byte[] dataKey = new byte[32];
      assertArrayEquals(dataKey, provider.unwrap(provider.wrap(dataKey)));
    }
  }

  @Test
  void vaultKeyWithKubernetesAuthUsesRoleMountAndJwtFile() throws Exception {
    try (FakeVaultServer vault = FakeVaultServer.start()) {
      vault.allowKubernetesLogin("backup", "jwt");
      Path jwt = Files.writeString(dir.resolve("jwt"), "jwt");
      KeyOptions opts =
          new KeyOptions(
              null,
              null,
              vault.address(),
              "transit",
              "k1",
              null,
              "kubernetes",
              "backup",
              null,
              jwt,
              null);

      KeyProvider provider = KeyProviders.open(opts, Map.of());

      provider.wrap(new byte[32]);
      assertEquals(1, vault.requestCount("auth/kubernetes/login"));
    }
  }

  @Test
  void vaultTokenAuthWithoutATokenIsInvalid() {
    KeyOptions opts =
        new KeyOptions(
            null, null, "http://127.0.0.1:1", null, "k1", null, "token", null, null, null, null);

    KeyException e = assertThrows(KeyException.class, () -> KeyProviders.open(opts, Map.of()));

    assertEquals("Vault token auth needs VAULT_TOKEN or a token file", e.getMessage());
  }
}
