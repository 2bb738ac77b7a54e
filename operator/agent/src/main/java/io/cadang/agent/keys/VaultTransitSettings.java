package io.cadang.agent.keys;

import java.util.Objects;

/**
 * Where the transit key lives and how to log in.
 *
 * @param address Vault's address, e.g. {@code https://vault.vault.svc:8200}
 * @param transitMount the transit engine's mount path, {@code transit} when null or blank
 * @param keyName the transit key name
 * @param namespace the Vault Enterprise namespace, or null
 * @param auth how to obtain a token
 */
public record VaultTransitSettings(
    String address, String transitMount, String keyName, String namespace, VaultAuth auth) {
  public static final String DEFAULT_TRANSIT_MOUNT = "transit";

  public VaultTransitSettings {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(auth, "auth");
    address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    transitMount =
        transitMount == null || transitMount.isBlank()
            ? DEFAULT_TRANSIT_MOUNT
            : transitMount.replaceAll("^/+|/+$", "");
  }
}
