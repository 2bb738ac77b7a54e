package io.cadang.agent.files;

import io.cadang.agent.crypto.ArtifactContext;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.pipeline.ArtifactWriter;
import io.cadang.agent.pipeline.ProgressMeter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Uploads {@code files-index.jsonl} while the archive itself is still being read, through the same
 * encrypting pipeline on a thread of its own. The index never touches local disk in clear (names
 * are user data) and never has to fit in memory (a tree can hold millions of entries): lines are
 * handed over in chunks through a small bounded queue.
 */
final class IndexUpload implements AutoCloseable {
  static final String CONTENT_TYPE = "files-index-jsonl";
  private static final int CHUNK = 256 * 1024;
  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final Thread thread;
  private volatile boolean readerGone;
  private volatile boolean aborted;
  private volatile ArtifactEntry result;
  private volatile Exception failure;

  IndexUpload(ArtifactWriter writer, String key, ArtifactContext context, byte[] dataKey) {
    this.thread =
        new Thread(
            () -> {
              try (ProgressMeter meter = new ProgressMeter("files index", Duration.ofHours(1))) {
                result = writer.write(key, context, CONTENT_TYPE, dataKey, new QueueInput(), meter);
              } catch (Exception e) {
                failure = e;
              } finally {
                readerGone = true;
              }
            },
            "files-index-upload");
    thread.setDaemon(true);
    thread.start();
  }

  void add(FileEntry entry) throws IOException {
    pending.writeBytes(FileIndexCodec.line(entry));
    if (pending.size() >= CHUNK) {
      hand(pending.toByteArray());
      pending.reset();
    }
  }

  /** Ends the index and waits until it is durable. */
  ArtifactEntry finish() throws IOException {
    if (pending.size() > 0) {
      hand(pending.toByteArray());
      pending.reset();
    }
    hand(EOF);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the files index was uploading");
    }
    if (failure != null) {
      throw failure instanceof IOException io
          ? io
          : new IOException("files index upload failed: " + failure.getMessage(), failure);
    }
    return result;
  }

  private void hand(byte[] chunk) throws IOException {
    try {
      while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (readerGone) {
          throw new IOException(
              "files index upload failed: " + (failure == null ? "stopped" : failure.getMessage()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the files index was uploading");
    }
  }

  /** Stops a failed run's upload: the upload sees an error and aborts, leaving no object. */
  @Override
  public void close() {
    if (thread.isAlive()) {
      aborted = true;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final class QueueInput extends InputStream {
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (pos == current.length) {
        if (ended) {
          return -1;
        }
        byte[] next;
        try {
          next = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("files index upload cancelled");
        }
        if (aborted) {
          throw new IOException("files index upload cancelled: the backup failed");
        }
        if (next == null) {
          continue;
        }
        current = next;
        pos = 0;
        if (current == EOF) {
          ended = true;
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
