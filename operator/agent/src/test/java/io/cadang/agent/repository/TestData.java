package io.cadang.agent.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Deterministic pseudo-random content of any size, generated on the fly and hashed. */
final class TestData {
  private TestData() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code size} bytes in irregular chunk sizes (as a compressor would) and returns their
   * SHA-256 in hex.
   */
  static String writeRandom(OutputStream out, long size, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    MessageDigest digest = sha256();
    byte[] chunk = new byte[256 * 1024];
    long left = size;
    while (left > 0) {
      int n = (int) Math.min(left, 1 + random.nextInt(chunk.length));
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          chunk[i + j] = (byte) (v >>> (8 * j));
        }
      }
      out.write(chunk, 0, n);
      digest.update(chunk, 0, n);
      left -= n;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256Of(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
