package io.cadang.agent.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The three per-object keys derived from a data key and the header's salt. Deriving a fresh frame
 * key per object means the 96-bit GCM nonces (frame index + final flag) never repeat under one key,
 * even though every object of a backup shares the data key.
 */
final class ArtifactKeys {
  static final int DATA_KEY_LENGTH = 32;

  private static final byte[] FRAME_KEY_INFO = ascii("cadang/v1/frame-key");
  private static final byte[] COMMITMENT_INFO = ascii("cadang/v1/key-commitment");
  private static final byte[] CONTEXT_INFO = ascii("cadang/v1/context-binding");

  private final SecretKeySpec frameKey;
  private final SecretKeySpec commitmentKey;
  private final SecretKeySpec contextKey;
  private final byte[] context;

  private ArtifactKeys(byte[] dataKey, byte[] salt, ArtifactContext ctx) {
    this.context = ctx.encoded();
    this.frameKey = aes(Hkdf.sha256(dataKey, salt, concat(FRAME_KEY_INFO, context), 32));
    this.commitmentKey = hmac(Hkdf.sha256(dataKey, salt, COMMITMENT_INFO, 32));
    this.contextKey = hmac(Hkdf.sha256(dataKey, salt, CONTEXT_INFO, 32));
  }

  static ArtifactKeys derive(byte[] dataKey, byte[] salt, ArtifactContext ctx) {
    if (dataKey == null || dataKey.length != DATA_KEY_LENGTH) {
      // Only the length is reported: the key itself must never reach a message.
      throw new IllegalArgumentException(
          "data key must be 32 bytes, got " + (dataKey == null ? "null" : dataKey.length));
    }
    return new ArtifactKeys(dataKey, salt, ctx);
  }

  SecretKeySpec frameKey() {
    return frameKey;
  }

  /** Commits to the data key alone, so a wrong key is told apart from a wrong context. */
  byte[] keyCommitment(byte[] headerPrefix, int length) {
    return mac(commitmentKey, headerPrefix, 0, length, null);
  }

  /** Binds the header to the backup id and object name. */
  byte[] contextTag(byte[] headerPrefix, int length) {
    return mac(contextKey, headerPrefix, 0, length, context);
  }

  /** GCM associated data for every frame: the whole header, then the encoded context. */
  byte[] associatedData(byte[] header) {
    return concat(header, context);
  }

  private static byte[] mac(SecretKeySpec key, byte[] data, int off, int len, byte[] suffix) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(data, off, len);
      if (suffix != null) {
        mac.update(suffix);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable in this JDK", e);
    }
  }

  private static SecretKeySpec aes(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key, "AES");
    Arrays.fill(key, (byte) 0);
    return spec;
  }

  private static SecretKeySpec hmac(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    Arrays.fill(key, (byte) 0);
    return spec;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
