package io.cadang.agent.keys;

/**
 * Wraps and unwraps per-backup data keys (envelope encryption). The master key stays with the
 * provider: for Vault transit it never leaves Vault; for local keys it stays in this process and is
 * never logged.
 *
 * <p>Implementations must never put key material (master or data key, plaintext or base64) into an
 * exception message, a log line or {@link #toString()}.
 */
public interface KeyProvider {

  /**
   * A stable, non-secret identifier of the master key, recorded in the manifest, e.g. {@code
   * vault-transit:cadang-backups} or {@code local:3f9a1c0e5b7d2a64}.
   */
  String keyId();

  /** Wraps a fresh 32-byte data key. */
  WrappedKey wrap(byte[] dataKey) throws KeyException;

  /** Unwraps a data key produced by {@link #wrap}; a wrong master key is a {@link KeyException}. */
  byte[] unwrap(WrappedKey wrapped) throws KeyException;

  /**
   * Re-wraps a data key under the provider's current master key (after a rotation) without the data
   * being touched. Vault transit does this server-side so the data key never leaves Vault in clear.
   */
  default WrappedKey rewrap(WrappedKey wrapped) throws KeyException {
    byte[] key = unwrap(wrapped);
    try {
      return wrap(key);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }
}
