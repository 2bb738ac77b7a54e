package io.cadang.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus (Debian's package) scraping the operator every 2 s and evaluating the chart's
 * alert rules every 2 s, so an alert is read from Prometheus, not assumed from a metric.
 */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * @param job the scrape job name the chart's rules expect for the operator
   * @param target host:port of the operator's /metrics
   * @param rules a Prometheus rules file (the chart's PrometheusRule spec)
   */
  static PrometheusServer start(Path dir, String job, String target, String rules)
      throws IOException, InterruptedException {
    int port = Processes.freePort();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("rules.yaml"), rules);
    Files.writeString(
        dir.resolve("prometheus.yaml"),
        String.join(
            "\n",
            "global: {scrape_interval: 2s, evaluation_interval: 2s}",
            "rule_files: [" + dir.resolve("rules.yaml") + "]",
            "scrape_configs:",
            "  - job_name: " + job,
            "    static_configs: [{targets: ['" + target + "']}]",
            ""));
    Process p =
        Processes.start(
            List.of(
                "prometheus",
                "--config.file=" + dir.resolve("prometheus.yaml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port),
            Map.of(),
            dir.resolve("prometheus.log"));
    PrometheusServer prometheus = new PrometheusServer(p, port);
    Processes.awaitHttpOk(
        p, "prometheus", "http://127.0.0.1:" + port + "/-/ready", dir.resolve("prometheus.log"));
    return prometheus;
  }

  /** The result vector of an instant query. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    String url =
        "http://127.0.0.1:"
            + port
            + "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("prometheus query " + promql + " failed: " + r.body());
    }
    return body.path("data").path("result");
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
