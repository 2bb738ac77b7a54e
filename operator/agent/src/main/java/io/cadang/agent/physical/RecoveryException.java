package io.cadang.agent.physical;

import io.cadang.agent.backup.BackupException;

/**
 * Recovery cannot start or did not finish; the message is one line a user can act on. A kind of
 * {@link BackupException} so every CLI error path already reports it as an expected failure.
 */
public class RecoveryException extends BackupException {
  public RecoveryException(String message) {
    super(message);
  }

  public RecoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
