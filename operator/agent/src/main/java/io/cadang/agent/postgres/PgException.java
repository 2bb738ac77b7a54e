package io.cadang.agent.postgres;

/** A PostgreSQL operation failed; the message is one line a user can act on, without secrets. */
public class PgException extends Exception {
  private final Reason reason;

  public enum Reason {
    UNREACHABLE,
    AUTHENTICATION_FAILED,
    DATABASE_NOT_FOUND,
    PERMISSION_DENIED,
    TOOL_FAILED,
    TOOL_NOT_FOUND,
    TARGET_NOT_EMPTY,
    FAILED
  }

  public PgException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public PgException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
