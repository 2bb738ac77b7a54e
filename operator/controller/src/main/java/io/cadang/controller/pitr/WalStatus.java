package io.cadang.controller.pitr;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** {@code wal/status.json} as the streamer writes it (docs/pitr.md); unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WalStatus(
    Integer formatVersion,
    String systemIdentifier,
    String slot,
    Integer timeline,
    String lastSegment,
    String archivedLsn,
    String archivedAt,
    String serverLsn,
    String updatedAt,
    Integer partialIntervalSeconds,
    String error,
    String gap) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses the file; a file that is not the streamer's JSON is an IOException naming why. */
  public static WalStatus parse(byte[] json) throws IOException {
    WalStatus status = JSON.readValue(json, WalStatus.class);
    if (status == null || status.updatedAt() == null) {
      throw new IOException("wal/status.json has no updatedAt");
    }
    return status;
  }
}
