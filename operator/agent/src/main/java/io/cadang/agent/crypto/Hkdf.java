package io.cadang.agent.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA256 (RFC 5869). JDK 17 has no HKDF, so this is the one place BouncyCastle is used; its
 * cost is a few microseconds per artifact, never per byte.
 */
final class Hkdf {
  private Hkdf() {}

  static byte[] sha256(byte[] inputKey, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(inputKey, salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }
}
