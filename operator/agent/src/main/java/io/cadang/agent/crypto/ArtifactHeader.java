package io.cadang.agent.crypto;

import io.cadang.agent.crypto.ArtifactIntegrityException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The fixed 95-byte header of a v1 artifact (layout in docs/format.md):
 *
 * <pre>
 *  0  6  magic "CADANG"
 *  6  1  version (1)
 *  7  4  plaintext frame size, u32 big-endian
 * 11 16  per-object random salt
 * 27 32  key commitment  = HMAC-SHA256(commitment key, bytes 0..27)
 * 59 32  context tag     = HMAC-SHA256(context key, bytes 0..59 || encoded context)
 * 91  4  CRC32C of bytes 0..91
 * </pre>
 */
final class ArtifactHeader {
  static final byte[] MAGIC = "CADANG".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int LENGTH = 95;
  static final int SALT_LENGTH = 16;
  static final int MAX_FRAME_SIZE = 64 << 20;

  private static final int VERSION_OFFSET = 6;
  private static final int FRAME_SIZE_OFFSET = 7;
  private static final int SALT_OFFSET = 11;
  private static final int COMMITMENT_OFFSET = 27;
  private static final int CONTEXT_TAG_OFFSET = 59;
  private static final int CRC_OFFSET = 91;
  private static final int TAG_LENGTH = 32;

  private final byte[] bytes;

  private ArtifactHeader(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Builds the header of a new artifact; {@code keys} must have been derived from {@code salt}. */
  static ArtifactHeader create(int frameSize, byte[] salt, ArtifactKeys keys) {
    checkFrameSize(frameSize);
    if (salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 16 bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate(LENGTH);
    buf.put(MAGIC).put((byte) VERSION).putInt(frameSize).put(salt);
    byte[] bytes = buf.array();
    System.arraycopy(
        keys.keyCommitment(bytes, COMMITMENT_OFFSET), 0, bytes, COMMITMENT_OFFSET, TAG_LENGTH);
    System.arraycopy(
        keys.contextTag(bytes, CONTEXT_TAG_OFFSET), 0, bytes, CONTEXT_TAG_OFFSET, TAG_LENGTH);
    ByteBuffer.wrap(bytes).putInt(CRC_OFFSET, crc(bytes));
    return new ArtifactHeader(bytes);
  }

  /**
   * Reads and structurally checks a header. Magic and version are checked before the checksum
   * because a later version may have a different header length.
   */
  static ArtifactHeader read(InputStream in) throws IOException {
    byte[] bytes = new byte[LENGTH];
    int n = in.readNBytes(bytes, 0, VERSION_OFFSET + 1);
    if (n < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new ArtifactIntegrityException(
          Reason.NOT_AN_ARTIFACT, "not a Cadang artifact (missing \"CADANG\" magic)");
    }
    if (n < VERSION_OFFSET + 1) {
      throw truncatedHeader();
    }
    int version = bytes[VERSION_OFFSET] & 0xff;
    if (version != VERSION) {
      throw new ArtifactIntegrityException(
          Reason.UNSUPPORTED_VERSION,
          "unsupported artifact format version " + version + " (this build reads version 1)");
    }
    if (in.readNBytes(bytes, n, LENGTH - n) != LENGTH - n) {
      throw truncatedHeader();
    }
    if (ByteBuffer.wrap(bytes).getInt(CRC_OFFSET) != crc(bytes)) {
      throw new ArtifactIntegrityException(
          Reason.HEADER_CORRUPTED, "artifact header is corrupted (checksum mismatch)");
    }
    ArtifactHeader header = new ArtifactHeader(bytes);
    int frameSize = header.frameSize();
    if (frameSize < 1 || frameSize > MAX_FRAME_SIZE) {
      throw new ArtifactIntegrityException(
          Reason.HEADER_CORRUPTED, "artifact header has an invalid frame size " + frameSize);
    }
    return header;
  }

  /**
   * Checks the key commitment, then the context tag, in constant time. Runs before any frame is
   * decrypted, so a wrong key or a moved object never releases a byte of plaintext.
   */
  void verify(ArtifactKeys keys, ArtifactContext ctx) throws ArtifactIntegrityException {
    if (!MessageDigest.isEqual(
        keys.keyCommitment(bytes, COMMITMENT_OFFSET),
        Arrays.copyOfRange(bytes, COMMITMENT_OFFSET, COMMITMENT_OFFSET + TAG_LENGTH))) {
      throw new ArtifactIntegrityException(
          Reason.WRONG_KEY, "wrong data key: it does not match the artifact's key commitment");
    }
    if (!MessageDigest.isEqual(
        keys.contextTag(bytes, CONTEXT_TAG_OFFSET),
        Arrays.copyOfRange(bytes, CONTEXT_TAG_OFFSET, CONTEXT_TAG_OFFSET + TAG_LENGTH))) {
      throw new ArtifactIntegrityException(
          Reason.WRONG_CONTEXT,
          "artifact is not bound to backup '"
              + ctx.backupId()
              + "' object '"
              + ctx.objectName()
              + "' (moved or renamed?)");
    }
  }

  int frameSize() {
    return ByteBuffer.wrap(bytes).getInt(FRAME_SIZE_OFFSET);
  }

  byte[] salt() {
    return Arrays.copyOfRange(bytes, SALT_OFFSET, SALT_OFFSET + SALT_LENGTH);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  static void checkFrameSize(int frameSize) {
    if (frameSize < 1 || frameSize > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("frame size must be 1.." + MAX_FRAME_SIZE);
    }
  }

  private static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, CRC_OFFSET);
    return (int) crc.getValue();
  }

  private static ArtifactIntegrityException truncatedHeader() {
    return new ArtifactIntegrityException(Reason.TRUNCATED, "artifact truncated inside its header");
  }
}
