package io.cadang.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A FAKE of HashiCorp Vault, for tests only: a JDK HTTP server on 127.0.0.1 speaking the subset of
 * Vault's documented HTTP API Cadang uses — transit encrypt/decrypt/rewrap/rotate and Kubernetes
 * auth login. Transit keys are real versioned AES-256-GCM keys (see {@code TransitKeys} below), so
 * rotation and rewrap really change versions and old versions still decrypt. It is not Vault: no
 * policies beyond token checks, no leases, no storage.
 */
public final class FakeVaultServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received, for assertions such as "the data key never crossed in clear". */
  public record Request(String method, String path, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final String rootToken = "hvs.fake-root-" + UUID.randomUUID();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final TransitKeys transit = new TransitKeys();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> kubernetesRoles = new ConcurrentHashMap<>();
  private final AtomicInteger failuresToInject = new AtomicInteger();
  private volatile int injectedStatus;

  private FakeVaultServer() throws IOException {
    tokens.add(rootToken);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  /** Starts a fake on a free port of 127.0.0.1. */
  public static FakeVaultServer start() throws IOException {
    return new FakeVaultServer();
  }

  /** {@code http://127.0.0.1:<port>}, as a Vault address. */
  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String rootToken() {
    return rootToken;
  }

  /** Creates transit key {@code name} at version 1 (a no-op if it exists). */
  public void createKey(String name) {
    transit.create(name);
  }

  /** Rotates transit key {@code name}; returns the new latest version. */
  public int rotate(String name) {
    return transit.rotate(name);
  }

  public int latestVersion(String name) {
    return transit.latestVersion(name);
  }

  /** Accepts Kubernetes logins with this role and service account JWT. */
  public void allowKubernetesLogin(String role, String jwt) {
    kubernetesRoles.put(role, jwt);
  }

  /** The next {@code count} requests get {@code status} with an error body, e.g. 503. */
  public void failNextRequests(int count, int status) {
    injectedStatus = status;
    failuresToInject.set(count);
  }

  /** How many requests arrived whose path (without {@code /v1/}) starts with the prefix. */
  public int requestCount(String pathPrefix) {
    return requests(pathPrefix).size();
  }

  /** Requests whose path (without {@code /v1/}) starts with the prefix, oldest first. */
  public List<Request> requests(String pathPrefix) {
    List<Request> out = new ArrayList<>();
    for (Request r : requests) {
      if (r.path().startsWith(pathPrefix)) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring("/v1/".length());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      requests.add(new Request(exchange.getRequestMethod(), path, headers, body));
      if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        reply(exchange, injectedStatus, errors("injected failure"));
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())
          && !"PUT".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, errors("unsupported operation"));
        return;
      }
      JsonNode request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      String[] parts = path.split("/");
      if (parts.length >= 3 && parts[0].equals("auth") && parts[parts.length - 1].equals("login")) {
        login(exchange, request);
      } else if (!tokens.contains(headers.getOrDefault("x-vault-token", ""))) {
        reply(exchange, 403, errors("permission denied"));
      } else {
        reply(exchange, transit(parts, request));
      }
    } catch (RuntimeException e) {
      reply(exchange, 500, errors("internal error: " + e.getClass().getSimpleName()));
    }
  }

  private void login(HttpExchange exchange, JsonNode request) throws IOException {
    String role = request.path("role").asText("");
    String jwt = request.path("jwt").asText("");
    if (!jwt.isEmpty() && jwt.equals(kubernetesRoles.get(role))) {
      String token = "hvs.fake-k8s-" + UUID.randomUUID();
      tokens.add(token);
      ObjectNode auth = JSON.createObjectNode();
      auth.put("client_token", token).put("accessor", UUID.randomUUID().toString());
      auth.putArray("policies").add("default").add("cadang");
      auth.putObject("metadata").put("role", role);
      auth.put("lease_duration", 3600).put("renewable", true);
      // Vault's documented login response: top-level lease fields are present (the driver reads
      // them).
      ObjectNode response = JSON.createObjectNode();
      response.put("request_id", UUID.randomUUID().toString()).put("lease_id", "");
      response.put("renewable", false).put("lease_duration", 0);
      response.putNull("data");
      response.set("auth", auth);
      reply(exchange, 200, response);
    } else {
      reply(exchange, 403, errors("permission denied"));
    }
  }

  /**
   * Routes {@code <mount>/encrypt|decrypt|rewrap/<name>} and {@code <mount>/keys/<name>/rotate}.
   */
  private Reply transit(String[] parts, JsonNode request) {
    if (parts.length == 3) {
      return switch (parts[1]) {
        case "encrypt" -> transit.encrypt(parts[2], request.path("plaintext").asText(""));
        case "decrypt" -> transit.decrypt(parts[2], request.path("ciphertext").asText(""));
        case "rewrap" -> transit.rewrap(parts[2], request.path("ciphertext").asText(""));
        case "keys" -> transit.createReply(parts[2]);
        default -> Reply.error(404, "unsupported path");
      };
    }
    if (parts.length == 4 && parts[1].equals("keys") && parts[3].equals("rotate")) {
      return transit.rotateReply(parts[2]);
    }
    return Reply.error(404, "unsupported path");
  }

  /** A status and JSON body; {@code null} body means 204 No Content. */
  record Reply(int status, JsonNode body) {
    static Reply data(ObjectNode data) {
      ObjectNode root = JSON.createObjectNode();
      root.set("data", data);
      return new Reply(200, root);
    }

    static Reply error(int status, String message) {
      return new Reply(status, errors(message));
    }
  }

  private static ObjectNode errors(String message) {
    ObjectNode node = JSON.createObjectNode();
    node.putArray("errors").add(message);
    return node;
  }

  private static void reply(HttpExchange exchange, Reply reply) throws IOException {
    reply(exchange, reply.status(), reply.body());
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    // Exactly "application/json": the Vault driver compares the MIME type literally.
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Versioned AES-256-GCM keys behind {@link FakeVaultServer}, with Vault's ciphertext format
   * {@code vault:v<N>:base64(nonce || ciphertext || tag)}. Real cryptography, so a test cannot pass
   * by accident: a ciphertext decrypts only under the key version it names.
   */
  private static final class TransitKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, List<SecretKeySpec>> keys = new ConcurrentHashMap<>();

    void create(String name) {
      keys.computeIfAbsent(name, n -> new ArrayList<>(List.of(newKey())));
    }

    synchronized int rotate(String name) {
      List<SecretKeySpec> versions = keys.get(name);
      if (versions == null) {
        throw new IllegalArgumentException("no transit key " + name);
      }
      versions.add(newKey());
      return versions.size();
    }

    synchronized int latestVersion(String name) {
      List<SecretKeySpec> versions = keys.get(name);
      return versions == null ? 0 : versions.size();
    }

    Reply createReply(String name) {
      create(name);
      return new Reply(204, null);
    }

    Reply rotateReply(String name) {
      if (!keys.containsKey(name)) {
        return Reply.error(404, "no such key");
      }
      rotate(name);
      return new Reply(204, null);
    }

    /** Like Vault with upsert allowed, encrypting under an unknown name creates the key. */
    synchronized Reply encrypt(String name, String plaintextBase64) {
      byte[] plaintext;
      try {
        plaintext = Base64.getDecoder().decode(plaintextBase64);
      } catch (IllegalArgumentException e) {
        return Reply.error(400, "failed to base64-decode plaintext");
      }
      create(name);
      return ciphertextReply(name, plaintext);
    }

    synchronized Reply decrypt(String name, String ciphertext) {
      try {
        ObjectNode data = JSON.createObjectNode();
        data.put("plaintext", Base64.getEncoder().encodeToString(open(name, ciphertext)));
        return Reply.data(data);
      } catch (IllegalArgumentException e) {
        return Reply.error(400, e.getMessage());
      }
    }

    synchronized Reply rewrap(String name, String ciphertext) {
      try {
        return ciphertextReply(name, open(name, ciphertext));
      } catch (IllegalArgumentException e) {
        return Reply.error(400, e.getMessage());
      }
    }

    private Reply ciphertextReply(String name, byte[] plaintext) {
      List<SecretKeySpec> versions = keys.get(name);
      int version = versions.size();
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      byte[] sealed = gcm(Cipher.ENCRYPT_MODE, versions.get(version - 1), nonce, plaintext);
      byte[] payload = ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
      ObjectNode data = JSON.createObjectNode();
      data.put(
          "ciphertext", "vault:v" + version + ":" + Base64.getEncoder().encodeToString(payload));
      data.put("key_version", version);
      return Reply.data(data);
    }

    private byte[] open(String name, String ciphertext) {
      List<SecretKeySpec> versions = keys.get(name);
      if (versions == null) {
        throw new IllegalArgumentException("encryption key not found");
      }
      String[] parts = ciphertext.split(":", 3);
      if (parts.length != 3 || !parts[0].equals("vault") || !parts[1].startsWith("v")) {
        throw new IllegalArgumentException("invalid ciphertext: no prefix");
      }
      int version;
      byte[] payload;
      try {
        version = Integer.parseInt(parts[1].substring(1));
        payload = Base64.getDecoder().decode(parts[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid ciphertext: malformed");
      }
      if (version < 1 || version > versions.size() || payload.length < 12 + 16) {
        throw new IllegalArgumentException("invalid ciphertext: unknown key version");
      }
      byte[] nonce = Arrays.copyOf(payload, 12);
      byte[] sealed = Arrays.copyOfRange(payload, 12, payload.length);
      try {
        return gcm(Cipher.DECRYPT_MODE, versions.get(version - 1), nonce, sealed);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException("cipher: message authentication failed");
      }
    }

    private static byte[] gcm(int mode, SecretKeySpec key, byte[] nonce, byte[] input) {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        return cipher.doFinal(input);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static SecretKeySpec newKey() {
      byte[] key = new byte[32];
      RANDOM.nextBytes(key);
      return new SecretKeySpec(key, "AES");
    }
  }
}
