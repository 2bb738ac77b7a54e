package io.cadang.agent.repository;

import java.io.IOException;

/**
 * A repository operation failed for a reason a user can act on. The message is one line, names the
 * repository and the problem, and carries no credentials.
 */
public class RepositoryException extends IOException {
  private final Reason reason;

  public enum Reason {
    BUCKET_NOT_FOUND,
    ACCESS_DENIED,
    UNREACHABLE,
    INVALID_LOCATION,
    FAILED
  }

  public RepositoryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public RepositoryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
