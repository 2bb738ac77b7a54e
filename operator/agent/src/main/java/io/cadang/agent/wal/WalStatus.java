package io.cadang.agent.wal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

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
}
