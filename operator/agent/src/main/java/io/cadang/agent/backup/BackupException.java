package io.cadang.agent.backup;

/** A backup or restore could not be done; the message is one line naming the problem. */
public class BackupException extends Exception {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
