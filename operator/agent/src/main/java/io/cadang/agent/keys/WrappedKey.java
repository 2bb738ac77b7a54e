package io.cadang.agent.keys;

/**
 * A data key as stored in a manifest: encrypted by a master key, never in clear.
 *
 * @param provider the provider kind: {@code local}, {@code raw} or {@code vault-transit}
 * @param keyId the non-secret master key identifier ({@link KeyProvider#keyId()})
 * @param keyVersion the master key version used (Vault transit version; 1 for local keys)
 * @param ciphertext the wrapped key: base64 of AES key wrap (RFC 5649) output, or Vault's {@code
 *     vault:vN:...} ciphertext
 */
public record WrappedKey(String provider, String keyId, int keyVersion, String ciphertext) {}
