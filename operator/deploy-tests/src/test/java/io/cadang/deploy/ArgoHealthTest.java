package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health checks in gitops/argocd/health, run under a real Lua 5.1 interpreter (Argo
 * CD's gopher-lua speaks Lua 5.1) against status fixtures: each fixture names the health and
 * message Argo CD must show for it.
 */
class ArgoHealthTest {
  private static final Path ARGO = RenderedChart.repoRoot().resolve("gitops/argocd");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path work;

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(ARGO.resolve("testdata"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void theHealthArgoCdShowsIsTheOneTheFixtureExpects(String fixture) throws Exception {
    JsonNode doc = YAML.readTree(ARGO.resolve("testdata").resolve(fixture).toFile());
    JsonNode object = doc.get("object");
    String script =
        ARGO.resolve("health")
            .resolve("cadang.io_" + object.get("kind").asText() + ".lua")
            .toString();
    Path harness = work.resolve("harness.lua");
    Files.writeString(
        harness,
        "obj = "
            + lua(object)
            + "\nlocal hs = dofile(\""
            + script
            + "\")\nprint(hs.status)\nprint(hs.message)\n",
        StandardCharsets.UTF_8);

    List<String> out = run(harness);

    assertEquals(doc.at("/expected/status").asText(), out.get(0), fixture);
    assertEquals(doc.at("/expected/message").asText(), out.get(1), fixture);
  }

  @Test
  void everyKindAndEveryHealthIsCovered() throws IOException {
    TreeSet<String> seen = new TreeSet<>();
    for (String fixture : fixtures().toList()) {
      JsonNode doc = YAML.readTree(ARGO.resolve("testdata").resolve(fixture).toFile());
      seen.add(doc.at("/object/kind").asText() + " " + doc.at("/expected/status").asText());
    }
    for (String expected :
        List.of(
            "BackupPolicy Healthy",
            "BackupPolicy Progressing",
            "BackupPolicy Suspended",
            "BackupPolicy Degraded",
            "BackupRun Healthy",
            "BackupRun Progressing",
            "BackupRun Degraded",
            "RestoreRequest Healthy",
            "RestoreRequest Progressing",
            "RestoreRequest Degraded")) {
      assertTrue(seen.contains(expected), "no fixture for " + expected + ": " + seen);
    }
  }

  @Test
  void theArgoCdConfigMapPatchCarriesTheScriptsVerbatim() throws IOException {
    JsonNode data = YAML.readTree(ARGO.resolve("argocd-cm-patch.yaml").toFile()).get("data");
    for (String kind : List.of("BackupPolicy", "BackupRun", "RestoreRequest")) {
      assertEquals(
          Files.readString(ARGO.resolve("health/cadang.io_" + kind + ".lua")),
          data.get("resource.customizations.health.cadang.io_" + kind).asText(),
          kind);
    }
  }

  private static List<String> run(Path harness) throws Exception {
    Process p = new ProcessBuilder("lua5.1", harness.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "lua5.1 did not finish");
    assertEquals(0, p.exitValue(), "lua5.1 failed: " + output);
    List<String> lines = new ArrayList<>(output.lines().toList());
    while (lines.size() < 2) {
      lines.add("");
    }
    return lines;
  }

  /** A JSON/YAML tree as a Lua table constructor; null values are left out, as Argo CD does. */
  static String lua(JsonNode node) {
    if (node.isObject()) {
      StringBuilder b = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getValue().isNull()) {
          b.append('[')
              .append(string(f.getKey()))
              .append("]=")
              .append(lua(f.getValue()))
              .append(',');
        }
      }
      return b.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder b = new StringBuilder("{");
      for (JsonNode item : node) {
        b.append(lua(item)).append(',');
      }
      return b.append('}').toString();
    }
    if (node.isBoolean() || node.isNumber()) {
      return node.asText();
    }
    return string(node.asText());
  }

  private static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if (u == '"' || u == '\\') {
        b.append('\\').append((char) u);
      } else if (u < 0x20 || u >= 0x7f) {
        b.append('\\').append(u); // Lua 5.1 decimal escape
      } else {
        b.append((char) u);
      }
    }
    return b.append('"').toString();
  }
}
