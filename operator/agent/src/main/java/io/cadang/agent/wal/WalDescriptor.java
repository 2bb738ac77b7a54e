package io.cadang.agent.wal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import java.time.Instant;

/**
 * The small JSON object written next to each archived WAL object, after the data object is durable;
 * self-contained so that {@code wal-fetch} needs one small read plus the data (docs/pitr.md
 * "Repository layout").
 *
 * @param name the file name PostgreSQL knows (bound into the encryption), e.g. {@code
 *     000000010000000000000003.partial}
 * @param partialEnd for a partial segment, how many leading bytes hold WAL (the rest is zeros)
 * @param rawBytes plaintext bytes (a partial is stored padded to the full segment size)
 */
@JsonPropertyOrder({
  "formatVersion",
  "name",
  "timeline",
  "partialEnd",
  "rawBytes",
  "rawSha256",
  "storedBytes",
  "storedSha256",
  "archivedAt",
  "wrappedKey"
})
public record WalDescriptor(
    int formatVersion,
    String name,
    int timeline,
    Integer partialEnd,
    long rawBytes,
    String rawSha256,
    long storedBytes,
    String storedSha256,
    Instant archivedAt,
    WrappedKey wrappedKey) {
  public static final int FORMAT_VERSION = 1;
  public static final String CONTEXT_ID = "wal";

  /** The artifact as {@link io.cadang.agent.pipeline.ArtifactReader} reads it. */
  ArtifactEntry artifact(String dataKey) {
    return new ArtifactEntry(name, dataKey, "wal", rawBytes, storedBytes, storedSha256);
  }
}
