package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DashboardTest {
  private static final Path DASHBOARD = RenderedChart.chartDir().resolve("dashboards/cadang.json");

  private final JsonNode dashboard = read();

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new AssertionError(DASHBOARD + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Every expression of every panel and template variable. */
  private List<String> queries() {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
    }
    dashboard.at("/templating/list").forEach(v -> out.add(v.path("definition").asText()));
    return out;
  }

  @Test
  void metricsExportedTodayAreTheOnesTheControllerPublishes() {
    // Guards the list the other checks rely on: a renamed metric fails here first.
    assertEquals(
        Set.of(
            "cadang_backup_last_success_timestamp_seconds",
            "cadang_backup_last_run_succeeded",
            "cadang_backup_last_duration_seconds",
            "cadang_backup_last_stored_bytes",
            "cadang_backup_next_schedule_timestamp_seconds",
            "cadang_backup_runs_total",
            "cadang_restores_total",
            "cadang_restore_duration_seconds_count",
            "cadang_restore_duration_seconds_sum",
            "cadang_restore_duration_seconds_max",
            "cadang_wal_archive_lag_seconds",
            "cadang_wal_archive_lag_bytes",
            "cadang_wal_last_archived_timestamp_seconds",
            "cadang_wal_target_rpo_seconds",
            "cadang_wal_replica_lag_seconds",
            "cadang_wal_replica_lag_bytes",
            "cadang_replica_backups_behind",
            "cadang_objective_rpo_seconds",
            "cadang_objective_rto_seconds",
            "cadang_rpo_seconds",
            "cadang_drill_duration_seconds",
            "cadang_drill_last_succeeded",
            "cadang_drill_last_success_timestamp_seconds",
            "cadang_drill_next_timestamp_seconds"),
        CadangMetricNames.exported());
  }

  @Test
  void everyQueryNamesOnlyMetricsThatExist() {
    Set<String> known = new HashSet<>(CadangMetricNames.exported());
    Set<String> unknown = new TreeSet<>();
    for (String q : queries()) {
      for (String name : CadangMetricNames.referencedIn(q)) {
        if (!known.contains(name)) {
          unknown.add(name + " in " + q);
        }
      }
    }
    assertEquals(Set.of(), unknown);
  }

  @Test
  void showsLastSuccessDurationSizeWalLagAgainstTargetAndRestores() {
    Set<String> used = new TreeSet<>();
    queries().forEach(q -> used.addAll(CadangMetricNames.referencedIn(q)));
    for (String required :
        List.of(
            "cadang_backup_last_success_timestamp_seconds",
            "cadang_backup_last_duration_seconds",
            "cadang_backup_last_stored_bytes",
            "cadang_backup_last_run_succeeded",
            "cadang_wal_archive_lag_seconds",
            "cadang_wal_target_rpo_seconds",
            "cadang_restores_total",
            "cadang_restore_duration_seconds_sum")) {
      assertTrue(used.contains(required), "dashboard does not show " + required + ": " + used);
    }
  }

  @Test
  void panelsAreWellFormed() {
    Set<Integer> ids = new HashSet<>();
    int withQueries = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
      assertFalse(panel.path("title").asText().isBlank(), "panel without title: " + panel);
      assertTrue(panel.has("gridPos"), "panel without gridPos: " + panel.path("title"));
      if (!panel.path("type").asText().equals("row")) {
        assertTrue(panel.path("targets").size() > 0, "panel without query: " + panel.path("title"));
        for (JsonNode target : panel.path("targets")) {
          assertFalse(
              target.path("expr").asText().isBlank(), "empty query in " + panel.path("title"));
        }
        withQueries++;
      }
    }
    assertTrue(withQueries >= 10, "only " + withQueries + " panels");
    assertEquals("cadang-backups", dashboard.path("uid").asText());
  }
}
