package io.cadang.agent.pipeline;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.cadang.agent.crypto.ArtifactCipher;
import io.cadang.agent.crypto.ArtifactContext;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.repository.ObjectUpload;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams plaintext into the repository: zstd (multi-threaded) → framed AES-256-GCM → SHA-256 →
 * upload. Memory stays bounded (one copy buffer, zstd's window and job buffers, one cipher frame,
 * the repository's part buffers) whatever the input size. The object becomes visible only when
 * every byte is durable; any failure aborts the upload so no partial object remains.
 */
public final class ArtifactWriter {
  private static final int COPY_BUFFER = 1 << 20;

  private final Repository repository;
  private final CompressionSettings compression;

  public ArtifactWriter(Repository repository, CompressionSettings compression) {
    this.repository = repository;
    this.compression = compression;
  }

  /**
   * @param plaintext the source; read to its end but not closed
   * @param meter counts plaintext bytes for progress logs
   */
  public ArtifactEntry write(
      String key,
      ArtifactContext context,
      String contentType,
      byte[] dataKey,
      InputStream plaintext,
      ProgressMeter meter)
      throws IOException {
    MessageDigest digest = Sha256.newDigest();
    ObjectUpload upload = repository.create(key);
    try {
      CountingOutputStream stored = new CountingOutputStream(upload, digest);
      long raw;
      try (OutputStream encrypted = ArtifactCipher.encryptingStream(stored, dataKey, context);
          ZstdOutputStreamNoFinalizer zstd =
              new ZstdOutputStreamNoFinalizer(encrypted, compression.level())) {
        if (compression.workers() > 1) {
          zstd.setWorkers(compression.workers());
        }
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(plaintext, COPY_BUFFER, 4)) {
          raw = copy(ahead, zstd, meter);
        }
      }
      long committed = upload.commit();
      if (committed != stored.count()) {
        throw new IOException(
            "repository stored " + committed + " bytes of " + key + ", expected " + stored.count());
      }
      return new ArtifactEntry(
          context.objectName(),
          key,
          contentType,
          raw,
          stored.count(),
          HexFormat.of().formatHex(digest.digest()));
    } catch (IOException | RuntimeException e) {
      upload.abort();
      throw e;
    }
  }

  /** Removes an artifact that was stored but turned out bad (its producer failed afterwards). */
  public void discard(String key) throws IOException {
    repository.delete(key);
  }

  private static long copy(InputStream in, OutputStream out, ProgressMeter meter)
      throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
      meter.add(n);
    }
    return total;
  }
}
