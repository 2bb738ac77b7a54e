package io.cadang.controller.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * What the agent reported in its termination message ({@code --result-file}): the facts of a
 * finished backup, or the one-line error of a failed one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentResult(
    String backupId,
    String startedAt,
    String finishedAt,
    String serverVersion,
    Long rawBytes,
    Long storedBytes,
    String keyId,
    Integer keyVersion,
    List<Object> objects,
    String error) {

  /** One stored object. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StoredObject(String key, Long rawBytes, Long bytes, String sha256) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses a termination message; anything that is not our JSON yields empty. */
  public static Optional<AgentResult> parse(String message) {
    if (message == null || !message.trim().startsWith("{")) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(message, AgentResult.class));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  public List<StoredObject> storedObjects() {
    if (objects == null) {
      return List.of();
    }
    return objects.stream().map(o -> JSON.convertValue(o, StoredObject.class)).toList();
  }
}
