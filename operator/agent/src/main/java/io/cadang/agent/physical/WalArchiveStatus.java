package io.cadang.agent.physical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The two facts of {@code wal/status.json} (docs/pitr.md) that recovery needs: the latest
 * restorable point and the system whose WAL the repository holds. Only these fields are read, so
 * the streamer may add others freely.
 */
record WalArchiveStatus(Instant archivedAt, String systemIdentifier) {
  static final String KEY = "wal/status.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The status, or null when no streamer ever reported to this repository. */
  static WalArchiveStatus read(Repository repository) throws IOException, RecoveryException {
    byte[] json;
    try (InputStream in = repository.open(KEY)) {
      json = in.readNBytes(1024 * 1024);
    } catch (ObjectNotFoundException e) {
      return null;
    }
    try {
      JsonNode tree = JSON.readTree(json);
      String at = tree.path("archivedAt").asText(null);
      String system = tree.path("systemIdentifier").asText(null);
      return new WalArchiveStatus(at == null ? null : Instant.parse(at), system);
    } catch (IOException | DateTimeParseException e) {
      throw new RecoveryException(KEY + " in " + repository.describe() + " is malformed");
    }
  }
}
