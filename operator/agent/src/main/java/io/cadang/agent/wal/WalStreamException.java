package io.cadang.agent.wal;

import java.io.IOException;

/** The streamer cannot start or continue for a reason a user has to fix; one-line message. */
public final class WalStreamException extends IOException {
  public WalStreamException(String message) {
    super(message);
  }
}
