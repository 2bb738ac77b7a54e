package io.cadang.agent.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * What the two frame streams must agree on: the cleartext frame header, the nonce and the cipher.
 */
final class FrameFormat {
  /** Cleartext before each frame's ciphertext: index (u64 BE) and ciphertext length (u32 BE). */
  static final int FRAME_HEADER_LENGTH = 12;

  static final int TAG_LENGTH = 16;

  private FrameFormat() {}

  /**
   * The 96-bit GCM nonce: frame index (u64 BE) then a u32 final flag. Putting the final flag in the
   * nonce means a full frame cannot be passed off as the last one, so truncation at a frame
   * boundary is always detected.
   */
  static GCMParameterSpec nonce(long index, boolean last) {
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[i] = (byte) (index >>> (56 - 8 * i));
    }
    iv[11] = (byte) (last ? 1 : 0);
    return new GCMParameterSpec(TAG_LENGTH * 8, iv);
  }

  /**
   * Always the JDK's SunJCE AES-GCM: it uses AES-NI and CLMUL intrinsics (GB/s); a pure-Java
   * provider such as BouncyCastle would be tens of times slower if it happened to be preferred.
   */
  static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding (SunJCE) unavailable in this JDK", e);
    }
  }

  static void putLong(byte[] buf, int off, long value) {
    for (int i = 0; i < 8; i++) {
      buf[off + i] = (byte) (value >>> (56 - 8 * i));
    }
  }

  static void putInt(byte[] buf, int off, int value) {
    for (int i = 0; i < 4; i++) {
      buf[off + i] = (byte) (value >>> (24 - 8 * i));
    }
  }

  static long getLong(byte[] buf, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[off + i] & 0xff);
    }
    return v;
  }

  static int getInt(byte[] buf, int off) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[off + i] & 0xff);
    }
    return v;
  }
}
