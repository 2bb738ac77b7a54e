package io.cadang.agent.wal;

import io.cadang.agent.crypto.ArtifactContext;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.crypto.DataKeys;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ArtifactWriter;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The WAL archive in a repository (layout in docs/pitr.md): uploads segments, partial segments and
 * history files through the artifact pipeline, each with its own data key, and reads them back with
 * every check the pipeline makes plus the plaintext checksum.
 */
public final class WalArchive {
  /** zstd level 1 in the calling thread: one segment is small and latency matters more. */
  private static final CompressionSettings COMPRESSION = new CompressionSettings(1, 1);

  private static final Duration NO_PROGRESS_LOGS = Duration.ofDays(1);

  private final Repository repository;
  private final KeyProvider keys;
  private final Clock clock;

  public WalArchive(Repository repository, KeyProvider keys, Clock clock) {
    this.repository = repository;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * @param descriptor what is stored now
   * @param written false when an identical file was already archived and nothing was written
   */
  public record Upload(WalDescriptor descriptor, boolean written) {}

  /**
   * Archives one file. The data object is durable before its descriptor is written, so a reader
   * never sees a descriptor without its data. A complete segment or history file that is already
   * archived with the same content is left alone; with other content it is a {@link WalConflict}.
   * After a partial or complete segment is durable, older partials of that segment are removed.
   */
  public Upload upload(WalFile file, byte[] content) throws IOException, KeyException {
    String rawSha256 = HexFormat.of().formatHex(sha256().digest(content));
    Optional<WalDescriptor> existing = descriptor(file);
    if (existing.isPresent()) {
      WalDescriptor old = existing.get();
      if (old.rawSha256().equals(rawSha256) && old.rawBytes() == content.length) {
        return new Upload(old, false);
      }
      throw new WalConflict(
          file
              + " is already archived with sha256 "
              + old.rawSha256().substring(0, 16)
              + "…; the server sent other content (sha256 "
              + rawSha256.substring(0, 16)
              + "…); not overwriting");
    }
    byte[] dataKey = DataKeys.generate();
    try {
      WrappedKey wrapped = keys.wrap(dataKey);
      ArtifactEntry entry;
      try (ProgressMeter meter = new ProgressMeter(file.pgName(), NO_PROGRESS_LOGS)) {
        entry =
            new ArtifactWriter(repository, COMPRESSION)
                .write(
                    file.dataKey(),
                    new ArtifactContext(WalDescriptor.CONTEXT_ID, file.pgName()),
                    "wal",
                    dataKey,
                    new ByteArrayInputStream(content),
                    meter);
      }
      WalDescriptor descriptor =
          new WalDescriptor(
              WalDescriptor.FORMAT_VERSION,
              file.pgName(),
              file.timeline(),
              file.partialEnd(),
              entry.rawBytes(),
              rawSha256,
              entry.storedBytes(),
              entry.sha256(),
              clock.instant().truncatedTo(ChronoUnit.MILLIS),
              wrapped);
      repository.put(file.descriptorKey(), WalJson.write(descriptor));
      removeOlderPartials(file);
      return new Upload(descriptor, true);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** Partials are superseded by a newer partial or the complete segment; descriptor goes first. */
  private void removeOlderPartials(WalFile file) throws IOException {
    if (file.kind() == WalFile.Kind.HISTORY) {
      return;
    }
    for (String key : repository.list(file.partialPrefix())) {
      if (!key.endsWith(WalFile.DESCRIPTOR_SUFFIX)) {
        continue;
      }
      String base = key.substring(0, key.length() - WalFile.DESCRIPTOR_SUFFIX.length());
      int end = (int) Long.parseLong(base.substring(base.length() - 8), 16);
      if (file.kind() == WalFile.Kind.SEGMENT || end < file.partialEnd()) {
        if (!deleteIfAllowed(repository, key)) {
          return;
        }
        deleteIfAllowed(repository, base + WalFile.DATA_SUFFIX);
      }
    }
  }

  /**
   * Deletes a superseded partial's object unless the credentials may not delete: with a write-only
   * identity (docs/security.md) the superseded partials stay until the operator's WAL retention,
   * which holds the delete credential, removes them. Readers always pick the newest partial, so a
   * leftover older one is only space.
   */
  static boolean deleteIfAllowed(Repository repository, String key) throws IOException {
    try {
      repository.delete(key);
      return true;
    } catch (io.cadang.agent.repository.RepositoryException e) {
      if (e.reason() != io.cadang.agent.repository.RepositoryException.Reason.ACCESS_DENIED) {
        throw e;
      }
      return false;
    }
  }

  /** The stored descriptor of exactly this file, if archived. */
  public Optional<WalDescriptor> descriptor(WalFile file) throws IOException {
    byte[] json;
    try (var in = repository.open(file.descriptorKey())) {
      json = in.readAllBytes();
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(WalJson.read(file.descriptorKey(), json, WalDescriptor.class));
  }

  /**
   * Finds what {@code restore_command} should get for a name PostgreSQL asks for: the complete
   * segment, else the newest partial of that segment (served under the segment's name: that is how
   * recovery to the latest point gets the last seconds), or the history file.
   */
  public Optional<WalFile> resolve(String pgName) throws IOException {
    WalFile asked = WalFile.parse(pgName);
    if (asked.kind() != WalFile.Kind.SEGMENT) {
      return asked.kind() == WalFile.Kind.HISTORY ? present(asked) : Optional.empty();
    }
    Optional<WalFile> complete = present(asked);
    if (complete.isPresent()) {
      return complete;
    }
    int newest = -1;
    for (String key : repository.list(asked.partialPrefix())) {
      if (key.endsWith(WalFile.DESCRIPTOR_SUFFIX)) {
        String base = key.substring(0, key.length() - WalFile.DESCRIPTOR_SUFFIX.length());
        newest = Math.max(newest, (int) Long.parseLong(base.substring(base.length() - 8), 16));
      }
    }
    return newest < 0
        ? Optional.empty()
        : Optional.of(WalFile.partial(asked.segmentName(), newest));
  }

  private Optional<WalFile> present(WalFile file) throws IOException {
    try {
      repository.stat(file.descriptorKey());
      return Optional.of(file);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Streams the plaintext of an archived file into {@code sink}: stored size and SHA-256, every
   * frame's authentication, the decompressed size and the plaintext SHA-256 are all checked; a
   * mismatch is an {@link ArtifactIntegrityException}. The sink may have received bytes by then, so
   * callers write to a temporary file and rename only on success.
   */
  public WalDescriptor read(WalFile file, OutputStream sink) throws IOException {
    WalDescriptor d =
        descriptor(file)
            .orElseThrow(() -> new ObjectNotFoundException(file + " is not in the WAL archive"));
    if (!d.name().equals(file.pgName())) {
      throw new ArtifactIntegrityException(
          ArtifactIntegrityException.Reason.CHECKSUM_MISMATCH,
          "descriptor " + file.descriptorKey() + " names " + d.name());
    }
    byte[] dataKey;
    try {
      dataKey = keys.unwrap(d.wrappedKey());
    } catch (KeyException e) {
      throw new IOException("cannot unwrap the data key of " + file + ": " + e.getMessage(), e);
    }
    MessageDigest digest = sha256();
    try (ProgressMeter meter = new ProgressMeter(file.pgName(), NO_PROGRESS_LOGS)) {
      new ArtifactReader(repository)
          .read(
              WalDescriptor.CONTEXT_ID,
              d.artifact(file.dataKey()),
              dataKey,
              new DigestingOutputStream(sink, digest),
              true,
              meter);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    if (!sha.equals(d.rawSha256())) {
      throw new ArtifactIntegrityException(
          ArtifactIntegrityException.Reason.CHECKSUM_MISMATCH,
          file
              + " decrypted to content with sha256 "
              + sha.substring(0, 16)
              + "…, its descriptor says "
              + d.rawSha256().substring(0, 16)
              + "…");
    }
    return d;
  }

  /** Everything archived, from the object listing. */
  public WalListing list() throws IOException {
    return WalListing.fromKeys(repository.list(WalFile.ROOT));
  }

  /** The archived history of a timeline (timeline 1, or a missing file: no ancestors). */
  public TimelineHistory history(int timeline) throws IOException {
    if (timeline <= 1) {
      return TimelineHistory.first(timeline);
    }
    WalFile file = WalFile.history(timeline);
    if (present(file).isEmpty()) {
      return TimelineHistory.first(timeline);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    read(file, out);
    return TimelineHistory.parse(timeline, out.toByteArray());
  }

  public Optional<WalStatus> status() throws IOException {
    return WalStatus.read(repository);
  }

  public void writeStatus(WalStatus status) throws IOException {
    repository.put(WalStatus.KEY, WalJson.write(status));
  }

  public Repository repository() {
    return repository;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Hashes what passes through on its way to the sink. */
  private static final class DigestingOutputStream extends OutputStream {
    private final OutputStream out;
    private final MessageDigest digest;

    DigestingOutputStream(OutputStream out, MessageDigest digest) {
      this.out = out;
      this.digest = digest;
    }

    @Override
    public void write(int b) throws IOException {
      digest.update((byte) b);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      digest.update(b, off, len);
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
