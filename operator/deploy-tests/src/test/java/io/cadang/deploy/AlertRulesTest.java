package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules the chart renders, evaluated by Prometheus' own rule engine ({@code promtool test
 * rules}, Debian package "prometheus") against synthetic series in src/test/resources/alerts: each
 * alert fires where it must and stays quiet where it must not.
 */
class AlertRulesTest {
  static final List<String> TEST_FILES =
      List.of(
          "backups.test.yaml",
          "wal.test.yaml",
          "restores-operator.test.yaml",
          "objectives.test.yaml");
  static final String BASE_URL = "https://github.com/cadang/cadang/blob/main/docs";

  @TempDir static Path work;
  static JsonNode groups;

  @BeforeAll
  static void renderRules() throws IOException {
    // promtool's unit-test engine caps a query at 10,000 samples; the 35-day default look-back
    // of the stale-backup subquery exceeds that, so the tests use 3 days (the series span 2).
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "prometheusRule.enabled", "true",
                "prometheusRule.staleLookback", "3d",
                "prometheusRule.runbookBaseUrl", BASE_URL));
    JsonNode spec = chart.get("PrometheusRule", "cadang").path("spec");
    groups = spec.path("groups");
    Files.writeString(work.resolve("rules.yaml"), RenderedChart.YAML.writeValueAsString(spec));
    for (String name : TEST_FILES) {
      try (InputStream in = AlertRulesTest.class.getResourceAsStream("/alerts/" + name)) {
        Files.copy(in, work.resolve(name));
      }
    }
  }

  @Test
  void renderedRulesAreValid() throws Exception {
    Result r = promtool("check", "rules", "rules.yaml");
    assertEquals(0, r.exit(), r.output());
  }

  @Test
  void alertsFireOnTheSyntheticSeriesAsExpected() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    args.addAll(TEST_FILES);
    Result r = promtool(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.output());
    assertFalse(r.output().contains("FAILED"), r.output());
  }

  @Test
  void everyAlertHasAFiringAndAQuietTestCase() throws IOException {
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (String name : TEST_FILES) {
      JsonNode file = RenderedChart.YAML.readTree(work.resolve(name).toFile());
      for (JsonNode test : file.path("tests")) {
        for (JsonNode c : test.path("alert_rule_test")) {
          (c.path("exp_alerts").size() > 0 ? fires : quiet).add(c.path("alertname").asText());
        }
      }
    }
    assertEquals(alertNames(), fires, "alerts with a firing case");
    assertEquals(alertNames(), quiet, "alerts with a quiet case");
  }

  @Test
  void everyAlertHasSummaryDescriptionSeverityAndARunbookThatExists() throws IOException {
    for (JsonNode rule : alerts()) {
      String alert = rule.path("alert").asText();
      JsonNode a = rule.path("annotations");
      assertFalse(a.path("summary").asText().isBlank(), alert + " summary");
      assertFalse(a.path("description").asText().isBlank(), alert + " description");
      assertTrue(
          Set.of("warning", "critical").contains(rule.at("/labels/severity").asText()),
          alert + " severity");
      String url = a.path("runbook_url").asText();
      assertTrue(url.startsWith(BASE_URL + "/"), alert + " runbook " + url);
      String[] page = url.substring(BASE_URL.length() + 1).split("#", 2);
      Path doc = RenderedChart.repoRoot().resolve("docs").resolve(page[0]);
      assertTrue(Files.exists(doc), alert + ": no page " + doc);
      assertTrue(anchors(doc).contains(page[1]), alert + ": no heading #" + page[1] + " in " + doc);
    }
  }

  @Test
  void rulesNameOnlyMetricsThatExistOrAreRecordedHere() {
    Set<String> known = new HashSet<>(CadangMetricNames.exported());
    for (JsonNode group : groups) {
      group.path("rules").forEach(r -> known.add(r.path("record").asText()));
    }
    Set<String> unknown = new TreeSet<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        for (String name : CadangMetricNames.referencedIn(rule.path("expr").asText())) {
          if (!known.contains(name)) {
            unknown.add(name);
          }
        }
      }
    }
    assertEquals(Set.of(), unknown);
  }

  private static List<JsonNode> alerts() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode group : groups) {
      group
          .path("rules")
          .forEach(
              r -> {
                if (r.has("alert")) {
                  out.add(r);
                }
              });
    }
    return out;
  }

  private static Set<String> alertNames() {
    Set<String> names = new TreeSet<>();
    alerts().forEach(a -> names.add(a.path("alert").asText()));
    return names;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> anchors(Path markdown) throws IOException {
    Set<String> out = new HashSet<>();
    for (String line : Files.readAllLines(markdown)) {
      if (line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
        out.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return out;
  }

  record Result(int exit, String output) {}

  static Result promtool(String... args) throws Exception {
    String tool = System.getenv().getOrDefault("PROMTOOL", "promtool");
    List<String> cmd = new ArrayList<>(List.of(tool));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "promtool not found (install Debian's 'prometheus' package, or set PROMTOOL): "
              + e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool timed out");
    return new Result(p.exitValue(), out);
  }
}
