package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart ships the generated CRDs byte for byte (helm/cadang/crds is a checked-in copy of crds/,
 * so installing from a checkout or a packaged chart needs no build step). When the API changes,
 * regenerate crds/ (CrdDriftTest) and refresh the copy: {@code mvn -q -pl operator/deploy-tests
 * test -Dtest=ChartCrdsTest -Dcadang.updateChartCrds=true}.
 */
class ChartCrdsTest {

  @Test
  void chartCrdsAreByteIdenticalToTheGeneratedOnes() throws IOException {
    Path generated = RenderedChart.repoRoot().resolve("crds");
    Path chart = RenderedChart.chartDir().resolve("crds");
    if (Boolean.getBoolean("cadang.updateChartCrds")) {
      try (Stream<Path> old = Files.list(chart)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      for (String name : names(generated)) {
        Files.copy(generated.resolve(name), chart.resolve(name));
      }
    }
    assertEquals(
        names(generated),
        names(chart),
        "helm/cadang/crds must hold exactly the files of crds/ (run with -Dcadang.updateChartCrds=true)");
    for (String name : names(generated)) {
      assertArrayEquals(
          Files.readAllBytes(generated.resolve(name)),
          Files.readAllBytes(chart.resolve(name)),
          "helm/cadang/crds/"
              + name
              + " differs from crds/"
              + name
              + " (run with -Dcadang.updateChartCrds=true)");
    }
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
