package io.cadang.agent.crypto;

import java.security.SecureRandom;

/** Fresh per-backup data keys. */
public final class DataKeys {
  /** AES-256. */
  public static final int LENGTH = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private DataKeys() {}

  /** Returns 32 bytes from {@link SecureRandom}; callers should wipe them when done. */
  public static byte[] generate() {
    byte[] key = new byte[LENGTH];
    RANDOM.nextBytes(key);
    return key;
  }
}
