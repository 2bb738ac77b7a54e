package io.cadang.agent.keys;

import io.cadang.agent.keys.KeyException.Reason;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps data keys with a Vault transit key: the master key never leaves Vault, and rotation is a
 * server-side rewrap, so the data key is never in clear on the wire during a rotation.
 *
 * <p>Vault calls are retried on connection failures and 5xx answers with exponential backoff. A 403
 * with Kubernetes auth logs in once more first, since the Vault token may simply have expired in a
 * long-running process.
 */
public final class VaultTransitKeyProvider implements KeyProvider {
  public static final String PROVIDER = "vault-transit";

  private static final Pattern VERSION = Pattern.compile("^vault:v(\\d+):");

  private final VaultTransitSettings settings;
  private final VaultCalls calls;
  private final String keyId;

  private VaultTransitKeyProvider(VaultTransitSettings settings, VaultCalls calls) {
    this.settings = settings;
    this.calls = calls;
    this.keyId =
        PROVIDER
            + ":"
            + (settings.transitMount().equals(VaultTransitSettings.DEFAULT_TRANSIT_MOUNT)
                ? settings.keyName()
                : settings.transitMount() + "/" + settings.keyName());
  }

  /** Connects (logs in, for Kubernetes auth) with 3 attempts per call, backoff from 200 ms. */
  public static VaultTransitKeyProvider connect(VaultTransitSettings settings) throws KeyException {
    return connect(settings, 3, Duration.ofMillis(200));
  }

  static VaultTransitKeyProvider connect(
      VaultTransitSettings settings, int attempts, Duration firstBackoff) throws KeyException {
    VaultCalls calls = new VaultCalls(settings, attempts, firstBackoff);
    calls.login();
    return new VaultTransitKeyProvider(settings, calls);
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public WrappedKey wrap(byte[] dataKey) throws KeyException {
    String plaintext = Base64.getEncoder().encodeToString(dataKey);
    String ciphertext =
        calls.write("encrypt", Map.of("plaintext", plaintext)).getData().get("ciphertext");
    return wrapped(ciphertext, "encrypt");
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped) throws KeyException {
    checkOwnership(wrapped);
    String plaintext =
        calls
            .write("decrypt", Map.of("ciphertext", wrapped.ciphertext()))
            .getData()
            .get("plaintext");
    if (plaintext == null) {
      throw calls.malformedAnswer("decrypt");
    }
    return Base64.getDecoder().decode(plaintext);
  }

  /** Server-side rewrap to the latest key version; only ciphertext crosses the wire. */
  @Override
  public WrappedKey rewrap(WrappedKey wrapped) throws KeyException {
    checkOwnership(wrapped);
    String ciphertext =
        calls
            .write("rewrap", Map.of("ciphertext", wrapped.ciphertext()))
            .getData()
            .get("ciphertext");
    return wrapped(ciphertext, "rewrap");
  }

  @Override
  public String toString() {
    return "VaultTransitKeyProvider[" + settings.address() + ", " + keyId + "]";
  }

  private WrappedKey wrapped(String ciphertext, String operation) throws KeyException {
    Matcher m = ciphertext == null ? null : VERSION.matcher(ciphertext);
    if (m == null || !m.find()) {
      throw calls.malformedAnswer(operation);
    }
    return new WrappedKey(PROVIDER, keyId, Integer.parseInt(m.group(1)), ciphertext);
  }

  private void checkOwnership(WrappedKey wrapped) throws KeyException {
    if (!PROVIDER.equals(wrapped.provider()) || !keyId.equals(wrapped.keyId())) {
      throw new KeyException(
          Reason.WRONG_KEY,
          "data key was wrapped by a different master key (key id "
              + wrapped.keyId()
              + ", this key is "
              + keyId
              + ")");
    }
  }

  /** Vault calls with retries and error mapping; holds the current token. */
  private static final class VaultCalls {
    private final VaultTransitSettings settings;
    private final int attempts;
    private final Duration firstBackoff;
    private volatile Vault vault;

    VaultCalls(VaultTransitSettings settings, int attempts, Duration firstBackoff) {
      this.settings = settings;
      this.attempts = attempts;
      this.firstBackoff = firstBackoff;
    }

    void login() throws KeyException {
      String token =
          settings.auth() instanceof VaultAuth.Kubernetes k
              ? kubernetesLogin(k)
              : ((VaultAuth.Token) settings.auth()).token();
      vault = Vault.create(config(token));
    }

    LogicalResponse write(String operation, Map<String, Object> body) throws KeyException {
      String path = settings.transitMount() + "/" + operation + "/" + settings.keyName();
      VaultFailure failure = null;
      boolean reloggedIn = false;
      for (int attempt = 1; attempt <= attempts; attempt++) {
        if (attempt > 1) {
          sleep(firstBackoff.multipliedBy(1L << (attempt - 2)));
        }
        int status;
        LogicalResponse response = null;
        try {
          response = vault.logical().write(path, body);
          status = response.getRestResponse().getStatus();
        } catch (VaultException e) {
          status = e.getHttpStatusCode();
          failure = VaultFailure.of(e);
        }
        if (status == 200 || status == 204) {
          return response;
        }
        if (response != null) {
          failure = VaultFailure.of(status, response.getRestResponse().getBody());
        }
        if (status == 403 && settings.auth() instanceof VaultAuth.Kubernetes && !reloggedIn) {
          reloggedIn = true;
          login();
          attempt--; // a fresh token is not a retry of a failing server
          continue;
        }
        if (!failure.retryable()) {
          throw failure.toKeyException(settings, operation);
        }
      }
      throw failure.exhausted(settings, operation, attempts);
    }

    KeyException malformedAnswer(String operation) {
      return new KeyException(
          Reason.INVALID_KEY_SOURCE,
          "Vault at "
              + settings.address()
              + " gave an unexpected answer to transit "
              + operation
              + " with key '"
              + settings.keyName()
              + "'");
    }

    private String kubernetesLogin(VaultAuth.Kubernetes k) throws KeyException {
      String jwt;
      try {
        jwt = Files.readString(k.jwtFile(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new KeyException(
            Reason.INVALID_KEY_SOURCE,
            "service account token "
                + k.jwtFile()
                + " cannot be read ("
                + e.getClass().getSimpleName()
                + ")");
      }
      VaultFailure failure = null;
      for (int attempt = 1; attempt <= attempts; attempt++) {
        if (attempt > 1) {
          sleep(firstBackoff.multipliedBy(1L << (attempt - 2)));
        }
        try {
          String token =
              Vault.create(config(null))
                  .auth()
                  // The driver's third argument is the path under /v1/, "auth/" included.
                  .loginByKubernetes(k.role(), jwt, "auth/" + k.mount())
                  .getAuthClientToken();
          if (token == null || token.isEmpty()) {
            throw malformedAnswer("login");
          }
          return token;
        } catch (VaultException e) {
          failure = VaultFailure.of(e);
          if (!failure.retryable()) {
            throw failure.toLoginException(settings, k);
          }
        }
      }
      throw failure.exhausted(settings, "login", attempts);
    }

    private VaultConfig config(String token) throws KeyException {
      try {
        VaultConfig config =
            new VaultConfig()
                // Only what we pass: never pick up VAULT_* variables behind the caller's back.
                .environmentLoader(new NoEnvironment())
                .address(settings.address())
                .engineVersion(1)
                // Transit is not KV: without this the driver rewrites paths as KV v2 ("data/").
                .putSecretsEngineVersionForPath(settings.transitMount() + "/", "1")
                .openTimeout(5)
                .readTimeout(30);
        if (token != null) {
          config.token(token);
        }
        if (settings.namespace() != null && !settings.namespace().isBlank()) {
          config.nameSpace(settings.namespace());
        }
        return config.build();
      } catch (VaultException e) {
        throw new KeyException(
            Reason.INVALID_KEY_SOURCE, "invalid Vault settings for " + settings.address());
      }
    }

    private static void sleep(Duration d) throws KeyException {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KeyException(Reason.UNREACHABLE, "interrupted while retrying a Vault call");
      }
    }
  }

  /** An environment with no variables, so the driver reads nothing from the process. */
  private static final class NoEnvironment extends EnvironmentLoader {
    @Override
    public String loadVariable(String name) {
      return null;
    }
  }
}
