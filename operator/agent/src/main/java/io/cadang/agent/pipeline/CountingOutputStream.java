package io.cadang.agent.pipeline;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Hashes (SHA-256) and counts the bytes on their way to the repository, and does not pass {@link
 * #close()} on: closing an upload aborts it, and only the pipeline decides to commit or abort.
 */
final class CountingOutputStream extends FilterOutputStream {
  private final MessageDigest digest;
  private long count;

  CountingOutputStream(OutputStream out, MessageDigest digest) {
    super(out);
    this.digest = digest;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }

  long count() {
    return count;
  }
}
