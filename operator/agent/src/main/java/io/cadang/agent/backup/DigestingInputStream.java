package io.cadang.agent.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes a pg_dump archive through unchanged while {@link DumpDataDigests} watches every byte. */
final class DigestingInputStream extends FilterInputStream {
  private final DumpDataDigests digests;

  DigestingInputStream(InputStream in, DumpDataDigests digests) {
    super(in);
    this.digests = digests;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      digests.feed(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digests.feed(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would go unseen: read them instead.
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
