package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Facts the docs repeat from elsewhere, checked so they cannot drift again. */
class DocsConsistencyTest {
  private static final Path DOCS = RenderedChart.repoRoot().resolve("docs");
  private static final Pattern MASTER_KEY_SECRET =
      Pattern.compile("create secret generic cadang-master-key --from-file=([^=\\s]+)=");
  private static final Pattern EXAMPLE_SECRET_KEY =
      Pattern.compile("name: cadang-master-key\\s+key: (\\S+)");

  @Test
  void everyPageIsInTheIndex() throws IOException {
    String index = Files.readString(DOCS.resolve("README.md"));
    List<String> missing = new ArrayList<>();
    try (Stream<Path> pages = Files.list(DOCS)) {
      pages
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".md") && !n.equals("README.md"))
          .filter(n -> !index.contains("(" + n + ")"))
          .forEach(missing::add);
    }
    assertEquals(List.of(), missing, "docs/README.md does not link these pages");
  }

  @Test
  void theMasterKeySecretIsCreatedWithTheKeyNameTheExamplesUse() throws IOException {
    TreeSet<String> exampleKeys = new TreeSet<>();
    try (Stream<Path> examples = Files.list(RenderedChart.repoRoot().resolve("examples"))) {
      for (Path e : examples.toList()) {
        Matcher m = EXAMPLE_SECRET_KEY.matcher(Files.readString(e));
        while (m.find()) {
          exampleKeys.add(m.group(1));
        }
      }
    }
    assertEquals(List.of("master.key"), List.copyOf(exampleKeys));
    List<String> commands = new ArrayList<>();
    try (Stream<Path> pages = Files.list(DOCS)) {
      for (Path page : pages.toList()) {
        Matcher m = MASTER_KEY_SECRET.matcher(Files.readString(page));
        while (m.find()) {
          commands.add(page.getFileName() + ": " + m.group(1));
          assertEquals(
              "master.key",
              m.group(1),
              page.getFileName() + " creates the Secret under another key name");
        }
      }
    }
    assertTrue(commands.size() >= 2, "keys.md and dr-runbook.md create it: " + commands);
  }

  @Test
  void noExportedMetricIsCalledPlanned() throws IOException {
    List<String> lines = Files.readAllLines(DOCS.resolve("metrics-alerts.md"));
    for (String metric : CadangMetricNames.exported()) {
      for (String line : lines) {
        if (line.contains("`" + metric + "`")) {
          assertFalse(
              line.toLowerCase(java.util.Locale.ROOT).contains("planned"),
              metric + " is exported but the metrics page says it is planned: " + line);
        }
      }
    }
  }
}
