package io.cadang.agent.keys;

/**
 * A key could not be loaded, wrapped or unwrapped. Messages name the provider and what went wrong,
 * never key material.
 */
public class KeyException extends Exception {
  private final Reason reason;

  public enum Reason {
    /** The master key is not the one that wrapped this data key. */
    WRONG_KEY,
    /** The key source (file, variable, Vault path) does not exist or is malformed. */
    INVALID_KEY_SOURCE,
    /** Vault refused the login or the operation (403). */
    ACCESS_DENIED,
    /** The key service could not be reached. */
    UNREACHABLE
  }

  public KeyException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public KeyException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
