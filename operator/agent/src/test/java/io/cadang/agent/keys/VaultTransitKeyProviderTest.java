package io.cadang.agent.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.keys.KeyException.Reason;
import io.cadang.testkit.FakeVaultServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VaultTransitKeyProvider against a fake speaking Vault's documented HTTP API. */
class VaultTransitKeyProviderTest {
  private static final String KEY = "cadang-backups";
  private static final byte[] DATA_KEY = new byte[32];

  static {
    new Random(7).nextBytes(DATA_KEY);
  }

  @TempDir Path dir;
  private FakeVaultServer vault;

  @BeforeEach
  void startVault() throws IOException {
    vault = FakeVaultServer.start();
    vault.createKey(KEY);
  }

  @AfterEach
  void stopVault() {
    vault.close();
  }

  @Test
  void tokenAuthWrapsAndUnwrapsThroughTransit() throws Exception {
    KeyProvider provider = connect(VaultAuth.token(vault.rootToken()), null);

    WrappedKey wrapped = provider.wrap(DATA_KEY);

    assertEquals("vault-transit", wrapped.provider());
    assertEquals("vault-transit:" + KEY, wrapped.keyId());
    assertEquals(1, wrapped.keyVersion());
    assertTrue(wrapped.ciphertext().startsWith("vault:v1:"), wrapped.ciphertext());
    assertArrayEquals(DATA_KEY, provider.unwrap(wrapped));
    assertEquals(1, vault.requestCount("transit/encrypt/" + KEY));
    assertEquals(1, vault.requestCount("transit/decrypt/" + KEY));
  }

  @Test
  void kubernetesAuthLogsInWithTheServiceAccountJwtThenUsesTheIssuedToken() throws Exception {
    vault.allowKubernetesLogin("cadang-backup", "sa-jwt-123");
    Path jwt = Files.writeString(dir.resolve("token"), "sa-jwt-123\n");

    KeyProvider provider = connect(VaultAuth.kubernetes("cadang-backup", null, jwt), null);

    assertArrayEquals(DATA_KEY, provider.unwrap(provider.wrap(DATA_KEY)));
    assertEquals(1, vault.requestCount("auth/kubernetes/login"));
    String issued = vault.requests("transit/encrypt/").get(0).headers().get("x-vault-token");
    assertTrue(issued.startsWith("hvs.fake-k8s-"), issued);
  }

  @Test
  void kubernetesLoginWithAnUnknownRoleIsAccessDenied() throws Exception {
    vault.allowKubernetesLogin("cadang-backup", "sa-jwt-123");
    Path jwt = Files.writeString(dir.resolve("token"), "sa-jwt-123");

    KeyException e =
        assertThrows(
            KeyException.class,
            () -> connect(VaultAuth.kubernetes("intruder", "kubernetes", jwt), null));

    assertEquals(Reason.ACCESS_DENIED, e.reason());
    assertEquals(
        "Vault at "
            + vault.address()
            + " rejected Kubernetes login for role 'intruder' at auth/kubernetes"
            + " (HTTP 403: permission denied)",
        e.getMessage());
  }

  @Test
  void wrongTokenIsAccessDeniedAndTheMessageNamesAddressAndKeyButNotTheToken() throws Exception {
    KeyProvider provider = connect(VaultAuth.token("hvs.not-a-valid-token"), null);

    KeyException e = assertThrows(KeyException.class, () -> provider.wrap(DATA_KEY));

    assertEquals(Reason.ACCESS_DENIED, e.reason());
    assertEquals(
        "Vault at "
            + vault.address()
            + " denied transit encrypt with key '"
            + KEY
            + "' (HTTP 403: permission denied)",
        e.getMessage());
    assertFalse(e.getMessage().contains("hvs.not-a-valid-token"));
    assertFalse(e.getMessage().contains(Base64.getEncoder().encodeToString(DATA_KEY)));
    assertEquals(1, vault.requestCount("transit/encrypt/"), "403 must not be retried");
  }

  @Test
  void unreachableVaultIsUnreachableInOneLineAfterRetries() throws Exception {
    String address = "http://127.0.0.1:" + freePort();
    VaultTransitKeyProvider provider =
        VaultTransitKeyProvider.connect(
            new VaultTransitSettings(address, null, KEY, null, VaultAuth.token("t")),
            3,
            Duration.ofMillis(10));

    KeyException e = assertThrows(KeyException.class, () -> provider.wrap(DATA_KEY));

    assertEquals(Reason.UNREACHABLE, e.reason());
    assertEquals(
        "Vault at "
            + address
            + " is unreachable (transit encrypt with key '"
            + KEY
            + "', 3 attempts): connection refused",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() throws Exception {
    KeyProvider provider = connect(VaultAuth.token(vault.rootToken()), null);
    vault.failNextRequests(2, 503);

    WrappedKey wrapped = provider.wrap(DATA_KEY);

    assertArrayEquals(DATA_KEY, provider.unwrap(wrapped));
    assertEquals(3, vault.requestCount("transit/encrypt/"));
  }

  @Test
  void persistentServerErrorsEndAsUnreachable() throws Exception {
    KeyProvider provider = connect(VaultAuth.token(vault.rootToken()), null);
    vault.failNextRequests(3, 500);

    KeyException e = assertThrows(KeyException.class, () -> provider.wrap(DATA_KEY));

    assertEquals(Reason.UNREACHABLE, e.reason());
    assertEquals(
        "Vault at "
            + vault.address()
            + " kept failing (transit encrypt with key '"
            + KEY
            + "', 3 attempts) (HTTP 500: injected failure)",
        e.getMessage());
  }

  @Test
  void rotateThenRewrapMovesToVersion2ServerSideAndStillUnwraps() throws Exception {
    KeyProvider provider = connect(VaultAuth.token(vault.rootToken()), null);
    WrappedKey v1 = provider.wrap(DATA_KEY);

    vault.rotate(KEY);
    WrappedKey v2 = provider.rewrap(v1);

    assertEquals(1, v1.keyVersion());
    assertEquals(2, v2.keyVersion());
    assertTrue(v2.ciphertext().startsWith("vault:v2:"), v2.ciphertext());
    assertArrayEquals(DATA_KEY, provider.unwrap(v2));
    assertArrayEquals(DATA_KEY, provider.unwrap(v1));
    assertEquals(1, vault.requestCount("transit/rewrap/" + KEY));
    assertEquals(1, vault.requestCount("transit/encrypt/"), "rewrap must not re-encrypt");
    String plainB64 = Base64.getEncoder().encodeToString(DATA_KEY);
    for (FakeVaultServer.Request r : vault.requests("transit/rewrap/")) {
      assertFalse(r.body().contains(plainB64), "data key crossed the wire in clear during rewrap");
      assertTrue(r.body().contains(v1.ciphertext()));
    }
  }

  @Test
  void ciphertextUnderAnotherTransitKeyIsWrongKey() throws Exception {
    vault.createKey("other");
    KeyProvider mine = connect(VaultAuth.token(vault.rootToken()), null);
    KeyProvider other =
        VaultTransitKeyProvider.connect(
            new VaultTransitSettings(
                vault.address(), "transit", "other", null, VaultAuth.token(vault.rootToken())));
    WrappedKey wrapped = mine.wrap(DATA_KEY);
    WrappedKey relabelled =
        new WrappedKey(wrapped.provider(), other.keyId(), 1, wrapped.ciphertext());

    KeyException byId = assertThrows(KeyException.class, () -> other.unwrap(wrapped));
    KeyException byVault = assertThrows(KeyException.class, () -> other.unwrap(relabelled));

    assertEquals(Reason.WRONG_KEY, byId.reason());
    assertEquals(
        "data key was wrapped by a different master key (key id vault-transit:"
            + KEY
            + ", this key is vault-transit:other)",
        byId.getMessage());
    assertEquals(Reason.WRONG_KEY, byVault.reason());
    assertTrue(
        byVault
            .getMessage()
            .startsWith(
                "Vault at "
                    + vault.address()
                    + " could not decrypt the data key with transit key 'other'"),
        byVault.getMessage());
  }

  @Test
  void namespaceIsSentWithEveryRequest() throws Exception {
    KeyProvider provider = connect(VaultAuth.token(vault.rootToken()), "team-a");

    provider.wrap(DATA_KEY);

    assertEquals(
        "team-a", vault.requests("transit/encrypt/").get(0).headers().get("x-vault-namespace"));
  }

  @Test
  void toStringNamesAddressAndKeyOnly() throws Exception {
    KeyProvider provider = connect(VaultAuth.token(vault.rootToken()), null);

    assertEquals(
        "VaultTransitKeyProvider[" + vault.address() + ", vault-transit:" + KEY + "]",
        provider.toString());
    assertFalse(VaultAuth.token(vault.rootToken()).toString().contains(vault.rootToken()));
  }

  private KeyProvider connect(VaultAuth auth, String namespace) throws KeyException {
    return VaultTransitKeyProvider.connect(
        new VaultTransitSettings(vault.address(), null, KEY, namespace, auth),
        3,
        Duration.ofMillis(10));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
