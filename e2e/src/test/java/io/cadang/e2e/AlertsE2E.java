package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Prometheus scrapes the operator the chart installed and evaluates the chart's own rules: a
 * failing backup makes CadangBackupFailed fire, as read from Prometheus's ALERTS series.
 */
class AlertsE2E {
  private static final String POLICY = "shop-broken";
  private final E2EEnvironment env = E2EEnvironment.get();

  @Test
  void prometheusScrapesTheOperatorAndTheFailedBackupAlertFires() throws Exception {
    Await.until(
        "Prometheus to scrape the operator (up == 1)",
        Duration.ofMinutes(1),
        () -> query("up{job=\"" + E2EEnvironment.RELEASE + "-metrics\"} == 1").size() == 1);

    Cluster.apply(env.admin, env.minutelyPolicy(POLICY, "e2e/broken", "no_such_database", ""));
    JsonNode alert =
        Await.until(
            "CadangBackupFailed to fire for " + POLICY,
            Duration.ofMinutes(4),
            () -> {
              JsonNode r =
                  query(
                      "ALERTS{alertname=\"CadangBackupFailed\",alertstate=\"firing\",policy=\""
                          + POLICY
                          + "\"}");
              return r.size() == 1 ? Optional.of(r.get(0)) : Optional.empty();
            });
    assertEquals(E2EEnvironment.APP_NS, alert.path("metric").path("namespace").asText());
    Cluster.cadang(env.admin, "BackupPolicy")
        .inNamespace(E2EEnvironment.APP_NS)
        .withName(POLICY)
        .delete();
  }

  private JsonNode query(String promql) {
    try {
      return env.prometheus.query(promql);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
