package io.cadang.agent.backuplog;

/** Whether the row was written; {@code error} is a secret-free line when it was not. */
public record BackupLogResult(boolean written, String error) {
  public static BackupLogResult ok() {
    return new BackupLogResult(true, null);
  }
}
