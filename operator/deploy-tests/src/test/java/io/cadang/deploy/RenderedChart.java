package io.cadang.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The manifests {@code helm template} renders from helm/cadang with given values, through Helm's
 * own Go library (helm-java), so no helm binary is needed.
 */
final class RenderedChart {
  static final String RELEASE = "cadang";
  static final String NAMESPACE = "cadang-system";
  static final String KUBE_VERSION = "v1.31.0";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<JsonNode> documents;

  private RenderedChart(List<JsonNode> documents) {
    this.documents = documents;
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("helm/cadang/Chart.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "helm/cadang/Chart.yaml not found above the working directory");
    }
    return dir;
  }

  static Path chartDir() {
    return repoRoot().resolve("helm/cadang");
  }

  static RenderedChart render(Map<String, String> values) {
    TemplateCommand template =
        new Helm(chartDir())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            // helm template otherwise assumes v1.20, older than the chart's kubeVersion.
            .withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return new RenderedChart(parse(template.call()));
  }

  static RenderedChart defaults() {
    return render(Map.of());
  }

  static List<JsonNode> parse(String manifests) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      JsonParser parser = YAML.getFactory().createParser(manifests);
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (doc != null && doc.isObject() && doc.has("kind")) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new IllegalStateException("rendered chart is not valid YAML: " + e.getMessage(), e);
    }
  }

  List<JsonNode> all() {
    return documents;
  }

  List<JsonNode> ofKind(String kind) {
    return documents.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .collect(Collectors.toList());
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream()
        .filter(d -> name.equals(d.path("metadata").path("name").asText()))
        .findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + kind
                        + " named "
                        + name
                        + " rendered; have "
                        + documents.stream()
                            .map(
                                d ->
                                    d.path("kind").asText()
                                        + "/"
                                        + d.path("metadata").path("name").asText())
                            .toList()));
  }

  JsonNode operatorDeployment() {
    return get("Deployment", "cadang-operator");
  }
}
