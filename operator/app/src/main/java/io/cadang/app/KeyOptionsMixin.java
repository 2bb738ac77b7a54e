package io.cadang.app;

import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyOptions;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.KeyProviders;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the master key comes from: exactly one of a key file, an environment variable holding the
 * key (a Kubernetes Secret as env), or a Vault transit key. Key material never appears in argv.
 */
final class KeyOptionsMixin {
  @Option(names = "--key-file", description = "Master key file (32 bytes: raw, base64 or hex).")
  Path keyFile;

  @Option(
      names = "--key-env",
      description = "Environment variable holding the master key (base64 or hex of 32 bytes).")
  String keyEnv;

  @Option(names = "--vault-key", description = "Vault transit key name.")
  String vaultKey;

  // No picocli ${env:...} defaults: they read the JVM's environment, not the one cadang runs with.
  @Option(names = "--vault-addr", description = "Vault address (default: $VAULT_ADDR).")
  String vaultAddress;

  @Option(
      names = "--vault-transit-mount",
      defaultValue = "transit",
      description = "Transit engine mount (default: transit).")
  String vaultTransitMount;

  @Option(names = "--vault-namespace", description = "Vault namespace (default: $VAULT_NAMESPACE).")
  String vaultNamespace;

  @Option(
      names = "--vault-auth",
      defaultValue = "token",
      description = "token (VAULT_TOKEN or --vault-token-file) or kubernetes.")
  String vaultAuth;

  @Option(names = "--vault-token-file", description = "File holding a Vault token.")
  Path vaultTokenFile;

  @Option(names = "--vault-role", description = "Vault Kubernetes auth role.")
  String vaultRole;

  @Option(
      names = "--vault-k8s-mount",
      defaultValue = "kubernetes",
      description = "Vault Kubernetes auth mount (default: kubernetes).")
  String vaultKubernetesMount;

  @Option(
      names = "--vault-jwt-file",
      defaultValue = "/var/run/secrets/kubernetes.io/serviceaccount/token",
      description = "Service account token for Kubernetes auth.")
  Path vaultJwtFile;

  KeyOptions options(Map<String, String> env) {
    return new KeyOptions(
        keyFile,
        keyEnv,
        vaultAddress != null ? vaultAddress : env.get("VAULT_ADDR"),
        vaultTransitMount,
        vaultKey,
        vaultNamespace != null ? vaultNamespace : env.get("VAULT_NAMESPACE"),
        vaultAuth,
        vaultRole,
        vaultKubernetesMount,
        vaultJwtFile,
        vaultTokenFile);
  }

  KeyProvider open(Map<String, String> env) throws KeyException {
    return KeyProviders.open(options(env), env);
  }
}
