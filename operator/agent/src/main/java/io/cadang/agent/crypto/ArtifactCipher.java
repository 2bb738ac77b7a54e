package io.cadang.agent.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Entry point to the artifact format v1 (docs/format.md): framed AES-256-GCM under a per-object key
 * derived from the backup's data key, bound to the backup id and object name.
 */
public final class ArtifactCipher {
  /**
   * Plaintext bytes per frame. JDK AES-GCM buffers a whole message on decrypt, hence frames. 64 KiB
   * rather than 1 MiB because HotSpot uses its AES-GCM intrinsics only once the calling methods are
   * compiled, which takes a few hundred calls: with 1 MiB frames the first few hundred MiB ran
   * through the plain-Java GHASH (measured: decrypting a 70 MB artifact took 1.0 s, mostly in
   * GHASH.processBlocks). The per-frame cost (28 bytes, one cipher init) is noise at 64 KiB.
   */
  public static final int FRAME_SIZE = 64 << 10;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ArtifactCipher() {}

  /**
   * Returns a stream that encrypts everything written to it into {@code sink}. The artifact is only
   * complete once the returned stream is closed (that writes the final frame and closes {@code
   * sink}); an unclosed artifact reads back as truncated.
   */
  public static OutputStream encryptingStream(
      OutputStream sink, byte[] dataKey, ArtifactContext ctx) {
    byte[] salt = new byte[ArtifactHeader.SALT_LENGTH];
    RANDOM.nextBytes(salt);
    CryptoWarmup.ensureStarted();
    return new FrameEncryptingOutputStream(sink, dataKey, ctx, FRAME_SIZE, salt);
  }

  /**
   * Returns a stream of the plaintext of the artifact read from {@code source}. Reads throw {@link
   * ArtifactIntegrityException} on any format, key, context or integrity failure; the header (and
   * with it the key) is checked before the first byte is returned.
   */
  public static InputStream decryptingStream(
      InputStream source, byte[] dataKey, ArtifactContext ctx) {
    CryptoWarmup.ensureStarted();
    return new FrameDecryptingInputStream(source, dataKey, ctx);
  }

  /** Encrypts with a chosen frame size and salt: for tests and the published test vector only. */
  static OutputStream encryptingStream(
      OutputStream sink, byte[] dataKey, ArtifactContext ctx, int frameSize, byte[] salt) {
    return new FrameEncryptingOutputStream(sink, dataKey, ctx, frameSize, salt.clone());
  }
}
