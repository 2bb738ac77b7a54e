package io.cadang.agent.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a source (pg_dump's stdout) on its own thread into a few buffers ahead of the consumer.
 * Without it, pg_dump stalls on a full pipe whenever the pipeline is busy compressing or uploading;
 * with it, pipe reads and compression overlap on separate cores. Memory is bounded by {@code depth}
 * buffers.
 */
final class ReadAheadInputStream extends InputStream {
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Object> queue;
  private final Thread reader;
  private byte[] current = new byte[0];
  private int currentLen;
  private int pos;
  private boolean ended;

  ReadAheadInputStream(InputStream source, int bufferSize, int depth) {
    this.queue = new ArrayBlockingQueue<>(depth);
    this.reader = new Thread(() -> pump(source, bufferSize), "read-ahead");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  private void pump(InputStream source, int bufferSize) {
    try {
      while (true) {
        byte[] buf = new byte[bufferSize];
        int filled = 0;
        int n;
        // Fill whole buffers so the consumer sees few, large chunks.
        while (filled < bufferSize && (n = source.read(buf, filled, bufferSize - filled)) >= 0) {
          filled += n;
        }
        if (filled > 0) {
          queue.put(new Chunk(buf, filled));
        }
        if (filled < bufferSize) {
          queue.put(END);
          return;
        }
      }
    } catch (IOException e) {
      putQuietly(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void putQuietly(Object item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Chunk(byte[] data, int length) {}

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == currentLen) {
      if (ended || !next()) {
        return -1;
      }
    }
    int n = Math.min(len, currentLen - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean next() throws IOException {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading ahead", e);
    }
    if (item == END) {
      ended = true;
      return false;
    }
    if (item instanceof IOException e) {
      ended = true;
      throw e;
    }
    Chunk chunk = (Chunk) item;
    current = chunk.data();
    currentLen = chunk.length();
    pos = 0;
    return true;
  }

  /** Stops the reader; the source itself is closed by its owner. */
  @Override
  public void close() {
    reader.interrupt();
    queue.clear();
  }
}
