package io.cadang.agent.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A streaming upload of unknown length. Bytes fill one part-sized buffer; a full buffer is handed
 * to a small executor as a multipart part while the caller fills the next. An object that fits in
 * one buffer is sent as a single PutObject at commit. Any failure aborts the multipart upload so no
 * billed parts linger.
 */
final class S3ObjectUpload extends ObjectUpload {
  private static final Logger log = LoggerFactory.getLogger(S3ObjectUpload.class);

  /** S3's limit on parts per upload. */
  static final int MAX_PARTS = 10_000;

  private final S3Repository repository;
  private final String key;
  private final PartBuffers buffers;
  private final ExecutorService partUploader;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private volatile boolean partFailed;
  private byte[] current;
  private int filled;
  private long written;
  private String uploadId;
  private boolean committed;
  private boolean aborted;

  S3ObjectUpload(S3Repository repository, String key, int partSize, int maxInFlightParts) {
    this.repository = repository;
    this.key = key;
    // One buffer being filled plus one per part in flight: memory ≤ (maxInFlight + 1) × partSize.
    this.buffers = new PartBuffers(partSize, maxInFlightParts + 1);
    this.partUploader =
        Executors.newFixedThreadPool(
            maxInFlightParts,
            r -> {
              Thread t = new Thread(r, "cadang-s3-part-upload");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      if (current == null) {
        current = takeBuffer();
      }
      if (filled == current.length) {
        // Sent only once more bytes arrive, so an object of exactly one part stays a PutObject.
        submitCurrentPart();
        continue;
      }
      int n = Math.min(len, current.length - filled);
      System.arraycopy(b, off, current, filled, n);
      filled += n;
      off += n;
      len -= n;
      written += n;
    }
  }

  @Override
  public long commit() throws IOException {
    ensureOpen();
    try {
      if (uploadId == null) {
        byte[] body = current == null ? new byte[0] : current;
        repository.put(key, body, filled);
      } else {
        if (filled > 0) {
          submitCurrentPart();
        }
        List<CompletedPart> completed = new ArrayList<>();
        for (Future<CompletedPart> part : parts) {
          completed.add(awaitPart(part));
        }
        completed.sort(Comparator.comparing(CompletedPart::partNumber));
        repository.completeMultipart(key, uploadId, completed);
      }
      committed = true;
      partUploader.shutdown();
      return written;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (committed || aborted) {
      return;
    }
    aborted = true;
    partUploader.shutdownNow();
    try {
      // Parts still uploading would otherwise land after the abort and linger as billed storage.
      if (!partUploader.awaitTermination(2, TimeUnit.MINUTES)) {
        log.warn("part uploads of '{}' did not stop in time", key);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (uploadId != null) {
      try {
        repository.abortMultipart(key, uploadId);
      } catch (IOException e) {
        // abort() cannot throw; the operator needs the id to clean up (or a lifecycle rule).
        log.warn("could not abort multipart upload {} of '{}': {}", uploadId, key, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    abort();
  }

  /** Most buffers ever held at once; for tests of the memory bound. */
  int peakBuffersInUse() {
    return buffers.peakInUse();
  }

  int buffersAllocated() {
    return buffers.allocated();
  }

  int peakPartsInFlight() {
    return peakInFlight.get();
  }

  private byte[] takeBuffer() throws IOException {
    try {
      return buffers.take();
    } catch (InterruptedIOException e) {
      abort();
      throw e;
    }
  }

  private void submitCurrentPart() throws IOException {
    failFastOnFailedPart();
    if (uploadId == null) {
      uploadId = repository.startMultipart(key);
    }
    int partNumber = parts.size() + 1;
    if (partNumber > MAX_PARTS) {
      abort();
      throw new RepositoryException(
          RepositoryException.Reason.FAILED,
          "object '"
              + key
              + "' exceeds "
              + MAX_PARTS
              + " parts of "
              + current.length
              + " bytes in "
              + repository.describe()
              + "; raise part-size-mb");
    }
    byte[] buffer = current;
    int length = filled;
    current = null;
    filled = 0;
    parts.add(partUploader.submit(() -> uploadPart(partNumber, buffer, length)));
  }

  private CompletedPart uploadPart(int partNumber, byte[] buffer, int length) throws IOException {
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    try {
      // A content provider re-reads the same array on every retry instead of copying it.
      RequestBody body =
          RequestBody.fromContentProvider(
              () -> new ByteArrayInputStream(buffer, 0, length),
              length,
              "application/octet-stream");
      UploadPartResponse response = repository.uploadPart(key, uploadId, partNumber, length, body);
      return CompletedPart.builder()
          .partNumber(partNumber)
          .eTag(response.eTag())
          .checksumCRC32(response.checksumCRC32())
          .build();
    } catch (IOException | RuntimeException e) {
      partFailed = true;
      throw e;
    } finally {
      inFlight.decrementAndGet();
      buffers.release(buffer);
    }
  }

  /** Stops feeding parts once one failed, rather than uploading gigabytes that will be aborted. */
  private void failFastOnFailedPart() throws IOException {
    if (!partFailed) {
      return;
    }
    for (Future<CompletedPart> part : parts) {
      if (part.isDone()) {
        awaitPart(part);
      }
    }
  }

  private CompletedPart awaitPart(Future<CompletedPart> part) throws IOException {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading '" + key + "'");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // A fresh exception per call: a failed part is reported again by every later write and by
      // close(), and rethrowing one instance makes try-with-resources add it to itself as
      // suppressed (IllegalArgumentException: Self-suppression not permitted), hiding the cause.
      if (cause instanceof RepositoryException r) {
        throw new RepositoryException(r.reason(), r.getMessage(), r);
      }
      if (cause instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      throw new RepositoryException(
          RepositoryException.Reason.FAILED,
          "upload of '" + key + "' failed in " + repository.describe() + ": " + cause,
          cause);
    }
  }

  private void ensureOpen() throws IOException {
    if (committed || aborted) {
      throw new IOException("upload of '" + key + "' is already finished");
    }
  }
}
