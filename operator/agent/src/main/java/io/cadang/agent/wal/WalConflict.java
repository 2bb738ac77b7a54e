package io.cadang.agent.wal;

import java.io.IOException;

/**
 * The archive already holds a file of this name with other content. Never overwritten: either two
 * servers write into one repository or WAL diverged, and a human has to decide which is right.
 */
public final class WalConflict extends IOException {
  public WalConflict(String message) {
    super("WalConflict: " + message);
  }
}
