package io.cadang.agent.keys;

import java.nio.file.Path;

/**
 * Key settings as given on the command line or by the operator. Exactly one of {@code keyFile},
 * {@code keyEnv} and {@code vaultKey} selects the provider; the vault fields only matter with
 * {@code vaultKey}. Holds paths and names only, never key material or tokens.
 *
 * @param keyFile local master key file
 * @param keyEnv name of an environment variable holding a local master key
 * @param vaultAddress Vault address; falls back to {@code VAULT_ADDR}
 * @param vaultTransitMount transit mount, default {@code transit}
 * @param vaultKey transit key name
 * @param vaultNamespace Vault namespace, optional
 * @param vaultAuth {@code token} (default) or {@code kubernetes}
 * @param vaultRole Kubernetes auth role
 * @param vaultKubernetesMount Kubernetes auth mount, default {@code kubernetes}
 * @param vaultJwtFile service account token file, default the pod's mounted token
 * @param vaultTokenFile file holding a Vault token; else {@code VAULT_TOKEN}
 */
public record KeyOptions(
    Path keyFile,
    String keyEnv,
    String vaultAddress,
    String vaultTransitMount,
    String vaultKey,
    String vaultNamespace,
    String vaultAuth,
    String vaultRole,
    String vaultKubernetesMount,
    Path vaultJwtFile,
    Path vaultTokenFile) {

  public static KeyOptions localFile(Path keyFile) {
    return new KeyOptions(keyFile, null, null, null, null, null, null, null, null, null, null);
  }

  public static KeyOptions localEnv(String keyEnv) {
    return new KeyOptions(null, keyEnv, null, null, null, null, null, null, null, null, null);
  }
}
