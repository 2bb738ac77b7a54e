package io.cadang.agent.pipeline;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.cadang.agent.crypto.ArtifactCipher;
import io.cadang.agent.crypto.ArtifactContext;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Reads an artifact back: download → SHA-256 and size check → decrypt (every frame authenticated) →
 * decompress → sink. Frame authentication stops corrupted bytes before they reach the sink; the
 * whole-object checksum and sizes are compared against the manifest at the end.
 */
public final class ArtifactReader {
  private static final int COPY_BUFFER = 1 << 20;

  private final Repository repository;

  public ArtifactReader(Repository repository) {
    this.repository = repository;
  }

  /**
   * Streams the artifact's plaintext into {@code sink}, then checks size and checksum.
   *
   * @param decompress false to emit the decrypted zstd stream as is
   * @return plaintext bytes written
   */
  public long read(
      String backupId,
      ArtifactEntry entry,
      byte[] dataKey,
      OutputStream sink,
      boolean decompress,
      ProgressMeter meter)
      throws IOException {
    MessageDigest digest = Sha256.newDigest();
    long written = 0;
    InputStream stored;
    try {
      stored = repository.open(entry.key());
    } catch (ObjectNotFoundException e) {
      throw new ArtifactIntegrityException(
          ArtifactIntegrityException.Reason.MISSING_OBJECT,
          "object '"
              + entry.name()
              + "' of backup '"
              + backupId
              + "' is missing from the "
              + "repository (key "
              + entry.key()
              + ")");
    }
    // Download on its own thread so network reads overlap with decryption and decompression.
    DigestingInputStream hashed =
        new DigestingInputStream(new ReadAheadInputStream(stored, 1 << 20, 4), digest);
    try (stored;
        hashed) {
      InputStream decrypted =
          ArtifactCipher.decryptingStream(
              hashed, dataKey, new ArtifactContext(backupId, entry.name()));
      InputStream plain = decompress ? new ZstdInputStreamNoFinalizer(decrypted) : decrypted;
      byte[] buffer = new byte[COPY_BUFFER];
      int n;
      while ((n = plain.read(buffer)) >= 0) {
        sink.write(buffer, 0, n);
        written += n;
        meter.add(n);
      }
      // Read the cipher stream to its end so a truncated tail or trailing bytes are detected even
      // when zstd stopped early.
      while (decrypted.read(buffer) >= 0) {
        // draining
      }
      while (hashed.read(buffer) >= 0) {
        // draining
      }
    }
    checkStored(backupId, entry, hashed.count(), HexFormat.of().formatHex(digest.digest()));
    if (decompress && written != entry.rawBytes()) {
      throw new ArtifactIntegrityException(
          ArtifactIntegrityException.Reason.CHECKSUM_MISMATCH,
          "object '"
              + entry.name()
              + "' decompressed to "
              + written
              + " bytes, manifest says "
              + entry.rawBytes());
    }
    return written;
  }

  private static void checkStored(String backupId, ArtifactEntry entry, long size, String sha256)
      throws ArtifactIntegrityException {
    if (size != entry.storedBytes() || !sha256.equals(entry.sha256())) {
      throw new ArtifactIntegrityException(
          ArtifactIntegrityException.Reason.CHECKSUM_MISMATCH,
          "object '"
              + entry.name()
              + "' of backup '"
              + backupId
              + "' does not match its manifest: "
              + size
              + " bytes, sha256 "
              + sha256.substring(0, 16)
              + "…; expected "
              + entry.storedBytes()
              + " bytes, sha256 "
              + entry.sha256().substring(0, 16)
              + "…");
    }
  }

  /** Hashes and counts what is read through it. */
  private static final class DigestingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private long count;

    DigestingInputStream(InputStream in, MessageDigest digest) {
      super(in);
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipping would leave bytes unhashed; read them instead.
      byte[] scratch = new byte[(int) Math.min(n, 8192)];
      int read = read(scratch, 0, scratch.length);
      return Math.max(read, 0);
    }

    long count() {
      return count;
    }
  }
}
