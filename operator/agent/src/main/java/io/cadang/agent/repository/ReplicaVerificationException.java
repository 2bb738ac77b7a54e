package io.cadang.agent.repository;

import java.io.IOException;

/** An object read back from a replica (or the primary) does not have the recorded size or hash. */
public final class ReplicaVerificationException extends IOException {
  public ReplicaVerificationException(String message) {
    super(message);
  }
}
