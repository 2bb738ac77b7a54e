package io.cadang.controller.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * What the agent reported in its termination message ({@code --result-file}): the facts of a
 * finished backup or restore, or the one-line error of a failed one. Fields a command does not
 * write stay null.
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
    List<StoredObject> objects,
    String error,
    Double durationSeconds,
    List<RestoredDatabase> databases,
    Boolean verified,
    Integer mismatchesOmitted,
    Physical physical,
    String recoveredToTime,
    String recoveredToLsn,
    Integer timeline,
    String target) {

  /** A physical base backup's position in the WAL ({@code backup --method physical}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Physical(
      String startLsn, String stopLsn, Integer timeline, String systemIdentifier) {}

  /** True for the report of {@code cadang recover}. */
  public boolean isRecovery() {
    return recoveredToLsn != null;
  }

  /** One database of a restore and its row-count verification. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RestoredDatabase(
      String source,
      String target,
      Integer tablesChecked,
      Long rowsChecked,
      List<Mismatch> mismatches) {
    public List<Mismatch> mismatchList() {
      return mismatches == null ? List.of() : mismatches;
    }
  }

  /** A table whose restored row count differs; actual -1 means the table is missing. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Mismatch(String table, Long expected, Long actual) {}

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

  public List<RestoredDatabase> restoredDatabases() {
    return databases == null ? List.of() : databases;
  }

  public boolean hasMismatches() {
    return restoredDatabases().stream().anyMatch(d -> !d.mismatchList().isEmpty());
  }

  public List<StoredObject> storedObjects() {
    if (objects == null) {
      return List.of();
    }
    return objects;
  }
}
