package io.cadang.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake follows Vault's documented request and response shapes for the endpoints it serves. */
class FakeVaultServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET =
      Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
  private final HttpClient http = HttpClient.newHttpClient();
  private final FakeVaultServer vault = start();

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void listensOnLoopback() {
    assertTrue(vault.address().startsWith("http://127.0.0.1:"), vault.address());
  }

  @Test
  void encryptThenDecryptReturnsThePlaintext() throws Exception {
    vault.createKey("k");
    JsonNode encrypted =
        post("transit/encrypt/k", vault.rootToken(), "{\"plaintext\":\"" + SECRET + "\"}", 200);
    String ciphertext = encrypted.path("data").path("ciphertext").asText();

    JsonNode decrypted =
        post(
            "transit/decrypt/k", vault.rootToken(), "{\"ciphertext\":\"" + ciphertext + "\"}", 200);

    assertTrue(ciphertext.startsWith("vault:v1:"), ciphertext);
    assertEquals(SECRET, decrypted.path("data").path("plaintext").asText());
  }

  @Test
  void rotateAndRewrapMoveToTheNewVersionAndOldCiphertextStillDecrypts() throws Exception {
    vault.createKey("k");
    String v1 =
        post("transit/encrypt/k", vault.rootToken(), "{\"plaintext\":\"" + SECRET + "\"}", 200)
            .path("data")
            .path("ciphertext")
            .asText();

    post("transit/keys/k/rotate", vault.rootToken(), "", 204);
    String v2 =
        post("transit/rewrap/k", vault.rootToken(), "{\"ciphertext\":\"" + v1 + "\"}", 200)
            .path("data")
            .path("ciphertext")
            .asText();

    assertTrue(v2.startsWith("vault:v2:"), v2);
    for (String c : new String[] {v1, v2}) {
      assertEquals(
          SECRET,
          post("transit/decrypt/k", vault.rootToken(), "{\"ciphertext\":\"" + c + "\"}", 200)
              .path("data")
              .path("plaintext")
              .asText());
    }
  }

  @Test
  void tamperedCiphertextIs400() throws Exception {
    vault.createKey("k");
    String c =
        post("transit/encrypt/k", vault.rootToken(), "{\"plaintext\":\"" + SECRET + "\"}", 200)
            .path("data")
            .path("ciphertext")
            .asText();
    String tampered = c.substring(0, c.length() - 3) + (c.endsWith("AAA") ? "BBB" : "AAA");

    JsonNode error =
        post("transit/decrypt/k", vault.rootToken(), "{\"ciphertext\":\"" + tampered + "\"}", 400);

    assertEquals(1, error.path("errors").size());
  }

  @Test
  void missingOrUnknownTokenIs403PermissionDenied() throws Exception {
    JsonNode error =
        post("transit/encrypt/k", "hvs.nope", "{\"plaintext\":\"" + SECRET + "\"}", 403);

    assertEquals("permission denied", error.path("errors").get(0).asText());
  }

  @Test
  void kubernetesLoginIssuesAWorkingTokenOnlyForTheConfiguredRoleAndJwt() throws Exception {
    vault.allowKubernetesLogin("cadang", "jwt-1");

    post("auth/kubernetes/login", null, "{\"role\":\"cadang\",\"jwt\":\"jwt-2\"}", 403);
    post("auth/kubernetes/login", null, "{\"role\":\"other\",\"jwt\":\"jwt-1\"}", 403);
    String token =
        post("auth/kubernetes/login", null, "{\"role\":\"cadang\",\"jwt\":\"jwt-1\"}", 200)
            .path("auth")
            .path("client_token")
            .asText();

    post("transit/encrypt/k", token, "{\"plaintext\":\"" + SECRET + "\"}", 200);
  }

  @Test
  void countsAndRecordsRequestsByPathPrefix() throws Exception {
    post("transit/encrypt/k", vault.rootToken(), "{\"plaintext\":\"" + SECRET + "\"}", 200);
    post("transit/encrypt/k", vault.rootToken(), "{\"plaintext\":\"" + SECRET + "\"}", 200);

    assertEquals(2, vault.requestCount("transit/encrypt/"));
    assertEquals(0, vault.requestCount("transit/decrypt/"));
    assertEquals(
        "ns1", vault.requests("transit/encrypt/").get(0).headers().get("x-vault-namespace"));
  }

  @Test
  void injectedFailuresAnswerWithTheStatusThenRecover() throws Exception {
    vault.failNextRequests(1, 503);

    post("transit/encrypt/k", vault.rootToken(), "{\"plaintext\":\"" + SECRET + "\"}", 503);
    post("transit/encrypt/k", vault.rootToken(), "{\"plaintext\":\"" + SECRET + "\"}", 200);
  }

  private JsonNode post(String path, String token, String body, int expectedStatus)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
            .header("X-Vault-Namespace", "ns1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private static FakeVaultServer start() {
    try {
      return FakeVaultServer.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
