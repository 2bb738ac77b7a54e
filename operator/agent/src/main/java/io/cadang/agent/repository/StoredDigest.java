package io.cadang.agent.repository;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Size and SHA-256 of an object's stored bytes (ciphertext, exactly as in the repository), which is
 * what a manifest's {@code objects[].sha256} covers. Reading it back is the only proof that a
 * replica holds the bytes, not just an object of the right length.
 */
public record StoredDigest(long size, String sha256) {

  /** Streams the object once; memory stays at one buffer whatever its size. */
  public static StoredDigest of(Repository repository, String key) throws IOException {
    MessageDigest digest = newDigest();
    long size = 0;
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = repository.open(key)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        size += n;
      }
    }
    return new StoredDigest(size, HexFormat.of().formatHex(digest.digest()));
  }

  public static StoredDigest of(byte[] content) {
    return new StoredDigest(content.length, HexFormat.of().formatHex(newDigest().digest(content)));
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
