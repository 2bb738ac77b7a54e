package io.cadang.agent.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * Encrypts a stream into the v1 artifact format: header, then frames of exactly {@code frameSize}
 * plaintext bytes, then on {@link #close()} one final frame holding the 0..frameSize-1 bytes left.
 * Because the final frame is always shorter than a full frame, a reader knows which frame is last
 * from its length alone.
 *
 * <p>One plaintext buffer and one output buffer are reused for every frame and each frame reaches
 * the sink in a single write; large caller writes are encrypted straight from the caller's array.
 */
final class FrameEncryptingOutputStream extends OutputStream {
  private final OutputStream sink;
  private final ArtifactHeader header;
  private final ArtifactKeys keys;
  private final byte[] aad;
  private final Cipher cipher = FrameFormat.newCipher();
  private final int frameSize;
  private final byte[] plain;
  private final byte[] out;
  private int buffered;
  private long nextIndex;
  private boolean headerWritten;
  private boolean closed;

  FrameEncryptingOutputStream(
      OutputStream sink, byte[] dataKey, ArtifactContext ctx, int frameSize, byte[] salt) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.keys = ArtifactKeys.derive(dataKey, salt, Objects.requireNonNull(ctx, "ctx"));
    this.header = ArtifactHeader.create(frameSize, salt, keys);
    this.aad = keys.associatedData(header.bytes());
    this.frameSize = frameSize;
    this.plain = new byte[frameSize];
    this.out = new byte[FrameFormat.FRAME_HEADER_LENGTH + frameSize + FrameFormat.TAG_LENGTH];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    while (len > 0) {
      if (buffered == 0 && len >= frameSize) {
        // A full frame is never the final one (that is always shorter), so skip the copy.
        writeFrame(b, off, frameSize, false);
        off += frameSize;
        len -= frameSize;
        continue;
      }
      int n = Math.min(len, frameSize - buffered);
      System.arraycopy(b, off, plain, buffered, n);
      buffered += n;
      off += n;
      len -= n;
      if (buffered == frameSize) {
        writeFrame(plain, 0, frameSize, false);
        buffered = 0;
      }
    }
  }

  /** Flushes the sink only; a partial frame stays buffered because frames are fixed-size. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    sink.flush();
  }

  /** Writes the final frame (possibly empty), then closes the sink. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      writeFrame(plain, 0, buffered, true);
      buffered = 0;
      sink.flush();
    } finally {
      closed = true;
      sink.close();
    }
  }

  private void writeFrame(byte[] src, int off, int len, boolean last) throws IOException {
    if (!headerWritten) {
      sink.write(header.bytes());
      headerWritten = true;
    }
    long index = nextIndex++;
    try {
      cipher.init(Cipher.ENCRYPT_MODE, keys.frameKey(), FrameFormat.nonce(index, last));
      cipher.updateAAD(aad);
      int ctLen = cipher.doFinal(src, off, len, out, FrameFormat.FRAME_HEADER_LENGTH);
      FrameFormat.putLong(out, 0, index);
      FrameFormat.putInt(out, 8, ctLen);
      sink.write(out, 0, FrameFormat.FRAME_HEADER_LENGTH + ctLen);
    } catch (GeneralSecurityException e) {
      throw new IOException("AES-GCM failed to encrypt frame " + index, e);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("artifact stream is closed");
    }
  }
}
