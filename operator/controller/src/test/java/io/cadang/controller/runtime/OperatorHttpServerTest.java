package io.cadang.controller.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.controller.metrics.BackupMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyzFollowsTheOperatorAndHealthzAnswersAlways() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (OperatorHttpServer server =
        new OperatorHttpServer(
            0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ready::get)) {
      assertEquals(200, get(server, "/healthz").statusCode());
      assertEquals(503, get(server, "/readyz").statusCode());
      ready.set(true);
      assertEquals(200, get(server, "/readyz").statusCode());
    }
  }

  @Test
  void metricsServesCadangSeriesInPrometheusFormat() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BackupMetrics metrics = new BackupMetrics(registry);
    metrics.backupFinished(
        "db",
        "nightly",
        true,
        Instant.parse("2026-11-21T02:01:40Z"),
        Duration.ofSeconds(100),
        4096);
    try (OperatorHttpServer server = new OperatorHttpServer(0, registry, () -> true)) {
      String body = get(server, "/metrics").body();
      assertTrue(
          body.contains(
              "cadang_backup_last_success_timestamp_seconds{namespace=\"db\",policy=\"nightly\"}"
                  + " 1.7952265E9"),
          body);
      assertTrue(
          body.contains(
              "cadang_backup_runs_total{namespace=\"db\",policy=\"nightly\",result=\"succeeded\"} 1.0"));
      assertTrue(
          body.contains(
              "cadang_backup_last_stored_bytes{namespace=\"db\",policy=\"nightly\"} 4096.0"));
    }
  }

  @Test
  void forgottenPolicyDisappearsFromTheScrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BackupMetrics metrics = new BackupMetrics(registry);
    metrics.nextSchedule("db", "gone", Instant.parse("2026-11-22T02:00:00Z"));
    assertTrue(registry.scrape().contains("policy=\"gone\""));
    metrics.forgetPolicy("db", "gone");
    assertTrue(!registry.scrape().contains("policy=\"gone\""), registry.scrape());
  }

  private HttpResponse<String> get(OperatorHttpServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
