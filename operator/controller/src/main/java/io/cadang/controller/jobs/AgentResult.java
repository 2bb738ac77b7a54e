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
    String target,
    String kind,
    Files files,
    Configs configs,
    List<String> warnings,
    List<Replica> replicas,
    BackupLogOutcome backupLog,
    Long filesRestored,
    Long filesVerified,
    List<FileMismatch> fileMismatches,
    List<QueryCheck> checks,
    Amcheck amcheck,
    Phases phases) {

  /** Where a restore's time went ({@code "phases"} of restore and recover results). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Phases(Double downloadSeconds, Double restoreSeconds, Double verifySeconds) {}

  /** One application check after a restore ({@code "checks"} of restore and recover results). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record QueryCheck(
      String name, String database, Boolean passed, Long rows, String value, String problem) {}

  /** pg_amcheck on a recovered cluster ({@code "amcheck"} of the recover result). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Amcheck(Integer databases, Integer relations, List<String> problems) {
    public List<String> problemList() {
      return problems == null ? List.of() : problems;
    }
  }

  public List<QueryCheck> checkList() {
    return checks == null ? List.of() : checks;
  }

  /** True when an application check failed or pg_amcheck found corruption. */
  public boolean hasFailedChecks() {
    return checkList().stream().anyMatch(c -> !Boolean.TRUE.equals(c.passed()))
        || (amcheck != null && !amcheck.problemList().isEmpty());
  }

  /** What a files backup archived ({@code "files"} of the backup result). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Files(
      Long entries, Long regularFiles, Long bytes, Long changedCount, List<String> changed) {}

  /**
   * A configs backup ({@code objects}, {@code secrets}, {@code git}) or restore ({@code created},
   * {@code changed}, {@code unchanged}, {@code applied}, {@code changes}); each command fills its
   * own fields.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Configs(
      Long objects,
      Long secrets,
      Git git,
      Long created,
      Long changed,
      Long unchanged,
      Boolean applied,
      List<String> changes) {}

  /** Where a configs export was committed; {@code url} carries no credentials. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Git(String url, String branch, String commit, Boolean pushed) {}

  /** The copy of the backup to one replica repository, and older backups it caught up. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Replica(
      String name, String state, String message, Long objects, Long bytes, List<String> caughtUp) {
    public boolean replicated() {
      return "Replicated".equals(state);
    }

    public List<String> caughtUpIds() {
      return caughtUp == null ? List.of() : caughtUp;
    }
  }

  /** Whether the backup log row was written. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BackupLogOutcome(Boolean written, String error) {}

  /** A restored file whose checksum does not match the backup's index. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileMismatch(String path, String problem) {}

  public List<Replica> replicaList() {
    return replicas == null ? List.of() : replicas;
  }

  public List<FileMismatch> fileMismatchList() {
    return fileMismatches == null ? List.of() : fileMismatches;
  }

  /** True for the report of a files restore. */
  public boolean isFilesRestore() {
    return filesRestored != null;
  }

  /** True for the report of a configs restore. */
  public boolean isConfigsRestore() {
    return configs != null && (configs.created() != null || configs.applied() != null);
  }

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

  /**
   * A table whose restored row count (or, with problem set, content) differs; actual -1 means the
   * table is missing.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Mismatch(String table, Long expected, Long actual, String problem) {}

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

  public boolean hasFileMismatches() {
    return !fileMismatchList().isEmpty();
  }

  public List<StoredObject> storedObjects() {
    if (objects == null) {
      return List.of();
    }
    return objects;
  }
}
