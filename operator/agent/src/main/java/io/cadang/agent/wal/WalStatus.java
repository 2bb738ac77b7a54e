package io.cadang.agent.wal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code wal/status.json}: the streamer's latest report, read by the operator (docs/pitr.md, a
 * contract; keep field names and meanings in step with it). Plain JSON without secrets.
 *
 * @param archivedLsn everything before it is durable in the repository
 * @param archivedAt when everything the server had sent up to {@code archivedLsn} was durable
 * @param serverLsn the server's WAL position when the report was written
 * @param error one line while the streamer cannot make progress, else null
 * @param gap the first gap or problem the streamer's periodic chain check found in the archive (a
 *     segment deleted or never stored), else null
 */
@JsonPropertyOrder({
  "formatVersion",
  "systemIdentifier",
  "slot",
  "timeline",
  "lastSegment",
  "archivedLsn",
  "archivedAt",
  "serverLsn",
  "updatedAt",
  "partialIntervalSeconds",
  "error",
  "gap"
})
public record WalStatus(
    int formatVersion,
    String systemIdentifier,
    String slot,
    int timeline,
    String lastSegment,
    String archivedLsn,
    Instant archivedAt,
    String serverLsn,
    Instant updatedAt,
    long partialIntervalSeconds,
    String error,
    String gap) {
  public static final int FORMAT_VERSION = 1;
  public static final String KEY = "wal/status.json";

  /** status.json is a few hundred bytes; anything bigger is not the streamer's file. */
  private static final int MAX_BYTES = 64 * 1024;

  /**
   * The one reader of the contract, used by the streamer, by recovery and by the operator: empty
   * when no streamer ever reported to this repository.
   */
  public static Optional<WalStatus> read(Repository repository) throws IOException {
    byte[] json;
    try (InputStream in = repository.open(KEY)) {
      json = in.readNBytes(MAX_BYTES + 1);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    if (json.length > MAX_BYTES) {
      throw new IOException(KEY + " is larger than " + MAX_BYTES + " bytes");
    }
    return Optional.of(WalJson.read(KEY, json, WalStatus.class));
  }
}
