package io.cadang.agent.keys;

import io.cadang.agent.keys.KeyException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens the {@link KeyProvider} that {@link KeyOptions} select; backup and restore share it. */
public final class KeyProviders {
  private KeyProviders() {}

  /**
   * @param env the process environment (passed in so tests and the CLI control it)
   */
  public static KeyProvider open(KeyOptions opts, Map<String, String> env) throws KeyException {
    int chosen =
        (opts.keyFile() != null ? 1 : 0)
            + (isSet(opts.keyEnv()) ? 1 : 0)
            + (isSet(opts.vaultKey()) ? 1 : 0);
    if (chosen != 1) {
      throw new KeyException(
          Reason.INVALID_KEY_SOURCE,
          "choose exactly one key source: a key file, a key environment variable or a Vault"
              + " transit key ("
              + chosen
              + " given)");
    }
    if (opts.keyFile() != null) {
      return LocalKeyProvider.fromFile(opts.keyFile());
    }
    if (isSet(opts.keyEnv())) {
      return LocalKeyProvider.fromEnv(opts.keyEnv(), env);
    }
    return VaultTransitKeyProvider.connect(vaultSettings(opts, env));
  }

  static VaultTransitSettings vaultSettings(KeyOptions opts, Map<String, String> env)
      throws KeyException {
    String address = isSet(opts.vaultAddress()) ? opts.vaultAddress() : env.get("VAULT_ADDR");
    if (!isSet(address)) {
      throw new KeyException(
          Reason.INVALID_KEY_SOURCE,
          "Vault transit key '" + opts.vaultKey() + "' needs a Vault address (or VAULT_ADDR)");
    }
    String authKind = isSet(opts.vaultAuth()) ? opts.vaultAuth() : "token";
    VaultAuth auth;
    switch (authKind) {
      case "token" -> auth = VaultAuth.token(token(opts, env));
      case "kubernetes" -> {
        if (!isSet(opts.vaultRole())) {
          throw new KeyException(Reason.INVALID_KEY_SOURCE, "Vault Kubernetes auth needs a role");
        }
        auth =
            VaultAuth.kubernetes(
                opts.vaultRole(), opts.vaultKubernetesMount(), opts.vaultJwtFile());
      }
      default ->
          throw new KeyException(
              Reason.INVALID_KEY_SOURCE,
              "unknown Vault auth method '" + authKind + "' (expected token or kubernetes)");
    }
    return new VaultTransitSettings(
        address, opts.vaultTransitMount(), opts.vaultKey(), opts.vaultNamespace(), auth);
  }

  private static String token(KeyOptions opts, Map<String, String> env) throws KeyException {
    Path file = opts.vaultTokenFile();
    if (file != null) {
      try {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!token.isEmpty()) {
          return token;
        }
        throw new KeyException(Reason.INVALID_KEY_SOURCE, "Vault token file " + file + " is empty");
      } catch (IOException e) {
        throw new KeyException(
            Reason.INVALID_KEY_SOURCE,
            "Vault token file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
      }
    }
    String token = env.get("VAULT_TOKEN");
    if (!isSet(token)) {
      throw new KeyException(
          Reason.INVALID_KEY_SOURCE, "Vault token auth needs VAULT_TOKEN or a token file");
    }
    return token.strip();
  }

  private static boolean isSet(String s) {
    return s != null && !s.isBlank();
  }
}
