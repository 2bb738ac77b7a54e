package io.cadang.agent.checks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One application check run against a restored copy: a read-only query, optionally as a role of the
 * application, and what its result must look like.
 *
 * @param name unique label, shown in results
 * @param database database as named in the backup (a logical restore maps it to where it went);
 *     null: the only restored database, or {@code postgres} after a physical recovery
 * @param sql one statement; it runs in a read-only transaction with a 60 s statement timeout
 * @param role run as this role (SET ROLE) after checking it exists and may log in; null: the
 *     restore's own user
 * @param equals the first column of the first row, as text, must equal this
 * @param minRows at least this many rows (default 1: a check passes only when it found something)
 * @param maxRows at most this many rows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryCheck(
    String name,
    String database,
    String sql,
    String role,
    String equals,
    Integer minRows,
    Integer maxRows) {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public int effectiveMinRows() {
    return minRows == null ? 1 : minRows;
  }

  /**
   * Parses checks given as JSON (an array of objects), or {@code @FILE} for a file holding it.
   * Empty or null text means no checks.
   */
  public static List<QueryCheck> parse(String text) throws CheckException {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String json = text.strip();
    if (json.startsWith("@")) {
      try {
        json = Files.readString(Path.of(json.substring(1)), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CheckException("cannot read checks file " + json.substring(1) + ": " + e);
      }
    }
    List<QueryCheck> checks;
    try {
      checks = JSON.readValue(json, new TypeReference<List<QueryCheck>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CheckException(
          "checks: not a JSON array of {name, sql, database, role, equals, minRows, maxRows}: "
              + e.getOriginalMessage());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < checks.size(); i++) {
      QueryCheck c = checks.get(i);
      String where = "checks[" + i + "]";
      if (c == null || c.name() == null || c.name().isBlank()) {
        throw new CheckException(where + ": name is required");
      }
      if (!names.add(c.name())) {
        throw new CheckException(where + ": name '" + c.name() + "' is used twice");
      }
      if (c.sql() == null || c.sql().isBlank()) {
        throw new CheckException(where + " (" + c.name() + "): sql is required");
      }
      if (c.minRows() != null && c.minRows() < 0
          || c.maxRows() != null && c.maxRows() < c.effectiveMinRows()) {
        throw new CheckException(
            where + " (" + c.name() + "): need 0 <= minRows <= maxRows (minRows defaults to 1)");
      }
    }
    return List.copyOf(checks);
  }

  public static String toJson(List<QueryCheck> checks) {
    try {
      return JSON.writeValueAsString(checks);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
