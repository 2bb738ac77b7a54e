package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json: Helm refuses a bad value before rendering anything, naming it; the defaults
 * and every documented toggle still render. And the PodDisruptionBudget that comes with a second
 * operator replica.
 */
class ChartValuesSchemaTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "operator.replicas          | 0              | '/operator/replicas': minimum: got 0, want 1",
        "operator.replicas          | two            | '/operator/replicas': got string, want integer",
        "image.pullPolicy           | Sometimes      | '/image/pullPolicy': value must be one of",
        "operatr.replicas           | 2              | additional properties 'operatr' not allowed",
        "serviceMonitor.interval    | 30 seconds     | '/serviceMonitor/interval'",
        "metrics.service.port       | 70000          | '/metrics/service/port'",
        "metrics.service.type       | Internal       | '/metrics/service/type'",
        "operator.watchNamespaces[0] | Shop_DB       | '/operator/watchNamespaces/0'",
        "prometheusRule.runbookBaseUrl | docs/runbook | '/prometheusRule/runbookBaseUrl'"
      })
  void aBadValueIsRefusedNamingIt(String key, String value, String named) {
    Exception e = assertThrows(Exception.class, () -> RenderedChart.render(Map.of(key, value)));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("values don't meet the specifications of the schema"), message);
    assertTrue(message.contains(named), "names " + named + ": " + message);
  }

  @Test
  void everyDocumentedToggleStillRenders() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "serviceMonitor.enabled", "true",
                "prometheusRule.enabled", "true",
                "dashboard.enabled", "true",
                "networkPolicy.enabled", "true",
                "operator.watchNamespaces[0]", "shop",
                "agent.allowedImages[0]", "registry.example/cadang:1.2.3",
                "global.imageRegistry", "registry.example"));
    chart.operatorDeployment();
  }

  @Test
  void aSecondReplicaBringsADisruptionBudgetThatKeepsOneRunning() {
    assertEquals(List.of(), RenderedChart.defaults().ofKind("PodDisruptionBudget"), "one replica");

    RenderedChart chart = RenderedChart.render(Map.of("operator.replicas", "2"));
    JsonNode pdb = chart.get("PodDisruptionBudget", "cadang-operator");
    assertEquals(1, pdb.at("/spec/minAvailable").asInt());
    assertEquals(
        chart.operatorDeployment().at("/spec/selector/matchLabels"),
        pdb.at("/spec/selector/matchLabels"),
        "the budget covers exactly the operator's pods");
  }
}
