package io.cadang.controller.schedule;

/**
 * A cron expression or time zone that cannot be scheduled. The message is one line naming the field
 * and the problem, written for a {@code BackupPolicy} condition; it is a permanent spec error, so
 * the checked type makes callers decide where it becomes a status condition instead of a retry.
 */
public final class InvalidScheduleException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidScheduleException(String message) {
    super(message);
  }

  static InvalidScheduleException of(String schedule, String problem) {
    return new InvalidScheduleException("schedule '" + schedule + "': " + problem);
  }
}
