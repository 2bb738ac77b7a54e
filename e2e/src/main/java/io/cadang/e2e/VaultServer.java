package io.cadang.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A real Vault server (dev mode: in-memory, unsealed) with the transit engine and Kubernetes auth
 * backed by the local API server's TokenReview. The root token is used only here, to set Vault up;
 * Cadang's pods log in with their service-account tokens.
 */
final class VaultServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final String rootToken;
  private final HttpClient http = HttpClient.newHttpClient();

  private VaultServer(Process process, int port, String rootToken) {
    this.process = process;
    this.port = port;
    this.rootToken = rootToken;
  }

  static VaultServer startDev(Path vaultBinary, Path dir) throws IOException, InterruptedException {
    int port = Processes.freePort();
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    // The root token reaches vault through its environment, never its argv.
    Process p =
        Processes.start(
            List.of(
                vaultBinary.toString(),
                "server",
                "-dev",
                "-dev-listen-address=127.0.0.1:" + port,
                "-dev-no-store-token"),
            Map.of("VAULT_DEV_ROOT_TOKEN_ID", token, "HOME", dir.toString()),
            dir.resolve("vault.log"));
    VaultServer vault = new VaultServer(p, port, token);
    Processes.awaitHttpOk(p, "vault", vault.address() + "/v1/sys/health", dir.resolve("vault.log"));
    return vault;
  }

  String address() {
    return "http://127.0.0.1:" + port;
  }

  /** Transit engine at {@code transit/} with one AES-256-GCM key. */
  void enableTransit(String key) throws IOException, InterruptedException {
    call("POST", "sys/mounts/transit", Map.of("type", "transit"));
    call("POST", "transit/keys/" + key, Map.of("type", "aes256-gcm96"));
  }

  /** Rotates a transit key: new data keys are wrapped by the new version. */
  void rotate(String key) throws IOException, InterruptedException {
    call("POST", "transit/keys/" + key + "/rotate", Map.of());
  }

  /**
   * Kubernetes auth at {@code auth/kubernetes}: Vault asks the local API server (TokenReview, with
   * {@code reviewerJwt}) whether a presented service-account token is valid.
   */
  void enableKubernetesAuth(String apiserverUrl, String caPem, String reviewerJwt)
      throws IOException, InterruptedException {
    call("POST", "sys/auth/kubernetes", Map.of("type", "kubernetes"));
    call(
        "POST",
        "auth/kubernetes/config",
        Map.of(
            "kubernetes_host", apiserverUrl,
            "kubernetes_ca_cert", caPem,
            "token_reviewer_jwt", reviewerJwt,
            "disable_local_ca_jwt", true));
  }

  /**
   * A role for pods running as {@code serviceAccount} in {@code namespace}, allowed to wrap and
   * unwrap data keys with {@code key} and nothing else.
   */
  void allowTransit(String role, String namespace, String serviceAccount, String key)
      throws IOException, InterruptedException {
    String policy =
        String.join(
            "\n",
            "path \"transit/encrypt/" + key + "\" { capabilities = [\"update\"] }",
            "path \"transit/decrypt/" + key + "\" { capabilities = [\"update\"] }",
            "path \"transit/rewrap/" + key + "\" { capabilities = [\"update\"] }");
    call("PUT", "sys/policies/acl/" + role, Map.of("policy", policy));
    call(
        "POST",
        "auth/kubernetes/role/" + role,
        Map.of(
            "bound_service_account_names", List.of(serviceAccount),
            "bound_service_account_namespaces", List.of(namespace),
            "token_policies", List.of(role),
            "token_ttl", "10m"));
  }

  private JsonNode call(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(address() + "/v1/" + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Vault-Token", rootToken);
    req =
        body == null
            ? req.method(method, HttpRequest.BodyPublishers.noBody())
            : req.method(
                method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() >= 300) {
      throw new IllegalStateException(
          "vault " + method + " " + path + " answered " + resp.statusCode() + ": " + resp.body());
    }
    return resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
