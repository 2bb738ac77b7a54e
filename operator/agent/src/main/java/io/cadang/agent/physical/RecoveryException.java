package io.cadang.agent.physical;

/** Recovery cannot start or did not finish; the message is one line a user can act on. */
public class RecoveryException extends Exception {
  public RecoveryException(String message) {
    super(message);
  }

  public RecoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
