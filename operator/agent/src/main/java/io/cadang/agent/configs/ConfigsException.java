package io.cadang.agent.configs;

import io.cadang.agent.backup.BackupException;

/**
 * A config snapshot or its restore could not be done; the message is one line naming the problem
 * (never a credential). A subclass of {@link BackupException} so the CLI reports it like any other
 * backup failure.
 */
public class ConfigsException extends BackupException {
  public ConfigsException(String message) {
    super(message);
  }

  public ConfigsException(String message, Throwable cause) {
    super(message, cause);
  }
}
