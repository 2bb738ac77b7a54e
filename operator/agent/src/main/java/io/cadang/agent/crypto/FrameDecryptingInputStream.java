package io.cadang.agent.crypto;

import io.cadang.agent.crypto.ArtifactIntegrityException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Decrypts a v1 artifact, one frame at a time. A frame's plaintext is handed out only after its tag
 * verified, and the final frame only once the stream is known to end right after it. The first
 * integrity failure is sticky: every later read throws it again, so a caller that catches and
 * carries on still gets no unauthenticated bytes.
 */
final class FrameDecryptingInputStream extends InputStream {
  private final InputStream source;
  private final byte[] dataKey;
  private final ArtifactContext ctx;
  private final Cipher cipher = FrameFormat.newCipher();
  private final byte[] frameHeader = new byte[FrameFormat.FRAME_HEADER_LENGTH];
  private ArtifactKeys keys;
  private byte[] aad;
  private int frameSize;
  private byte[] ciphertext;
  private byte[] plain;
  private int plainPos;
  private int plainLen;
  private long nextIndex;
  private boolean finalFrameSeen;
  private ArtifactIntegrityException failure;
  private boolean closed;

  FrameDecryptingInputStream(InputStream source, byte[] dataKey, ArtifactContext ctx) {
    this.source = Objects.requireNonNull(source, "source");
    this.dataKey = dataKey.clone();
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    if (dataKey.length != ArtifactKeys.DATA_KEY_LENGTH) {
      throw new IllegalArgumentException("data key must be 32 bytes, got " + dataKey.length);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("artifact stream is closed");
    }
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    try {
      while (plainPos == plainLen) {
        if (finalFrameSeen) {
          return -1;
        }
        nextFrame();
      }
    } catch (ArtifactIntegrityException e) {
      failure = e;
      throw e;
    }
    int n = Math.min(len, plainLen - plainPos);
    System.arraycopy(plain, plainPos, b, off, n);
    plainPos += n;
    return n;
  }

  @Override
  public int available() {
    return plainLen - plainPos;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      Arrays.fill(dataKey, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
      source.close();
    }
  }

  private void readHeader() throws IOException {
    ArtifactHeader header = ArtifactHeader.read(source);
    keys = ArtifactKeys.derive(dataKey, header.salt(), ctx);
    header.verify(keys, ctx);
    aad = keys.associatedData(header.bytes());
    frameSize = header.frameSize();
    ciphertext = new byte[frameSize + FrameFormat.TAG_LENGTH];
    plain = new byte[frameSize];
  }

  private void nextFrame() throws IOException {
    if (keys == null) {
      readHeader();
    }
    long index = nextIndex;
    int n = source.readNBytes(frameHeader, 0, frameHeader.length);
    if (n < frameHeader.length) {
      throw truncated(index, n > 0);
    }
    long foundIndex = FrameFormat.getLong(frameHeader, 0);
    if (foundIndex != index) {
      throw new ArtifactIntegrityException(
          Reason.FRAME_OUT_OF_ORDER,
          "frame out of order: expected frame "
              + index
              + ", found frame "
              + foundIndex
              + " (frames dropped, duplicated or reordered)");
    }
    int ctLen = FrameFormat.getInt(frameHeader, 8);
    if (ctLen < FrameFormat.TAG_LENGTH || ctLen > ciphertext.length) {
      throw new ArtifactIntegrityException(
          Reason.FRAME_CORRUPTED,
          "frame " + index + " has an impossible length " + Integer.toUnsignedString(ctLen));
    }
    if (source.readNBytes(ciphertext, 0, ctLen) != ctLen) {
      throw truncated(index, true);
    }
    // Only a full frame may be followed by more frames; anything shorter is the final one.
    boolean last = ctLen < ciphertext.length;
    if (last && source.read() != -1) {
      throw new ArtifactIntegrityException(
          Reason.TRAILING_DATA, "unexpected data after the final frame " + index);
    }
    decrypt(index, ctLen, last);
    nextIndex++;
    finalFrameSeen = last;
  }

  private void decrypt(long index, int ctLen, boolean last) throws IOException {
    try {
      cipher.init(Cipher.DECRYPT_MODE, keys.frameKey(), FrameFormat.nonce(index, last));
      cipher.updateAAD(aad);
      plainLen = cipher.doFinal(ciphertext, 0, ctLen, plain, 0);
      plainPos = 0;
    } catch (AEADBadTagException e) {
      // Some providers write plaintext before checking the tag; wipe whatever landed here.
      Arrays.fill(plain, (byte) 0);
      plainLen = 0;
      plainPos = 0;
      throw new ArtifactIntegrityException(
          Reason.FRAME_CORRUPTED,
          "frame " + index + " failed authentication (corrupted or tampered)");
    } catch (GeneralSecurityException e) {
      throw new IOException("AES-GCM failed to decrypt frame " + index, e);
    }
  }

  private static ArtifactIntegrityException truncated(long index, boolean midFrame) {
    String after =
        index == 0
            ? "artifact truncated after the header"
            : "artifact truncated after frame " + (index - 1);
    return new ArtifactIntegrityException(
        Reason.TRUNCATED,
        after + (midFrame ? " (frame " + index + " is incomplete)" : " (final frame missing)"));
  }
}
