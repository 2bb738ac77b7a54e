package io.cadang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each optional part renders exactly when enabled, and the defaults render the core only. */
class ChartTogglesTest {

  @Test
  void defaultsRenderTheOperatorItsRbacAndMetricsServiceButNoOptionalPart() {
    RenderedChart chart = RenderedChart.defaults();
    chart.operatorDeployment();
    chart.get("ServiceAccount", "cadang-operator");
    chart.get("ServiceAccount", "cadang-agent");
    chart.get("ClusterRole", "cadang-operator");
    chart.get("ClusterRoleBinding", "cadang-operator");
    chart.get("Role", "cadang-operator-leader-election");
    chart.get("ClusterRole", "cadang-backup-admin");
    chart.get("ClusterRole", "cadang-viewer");
    chart.get("Service", "cadang-metrics");
    for (String kind : List.of("ServiceMonitor", "PrometheusRule", "NetworkPolicy", "ConfigMap")) {
      assertEquals(List.of(), chart.ofKind(kind), kind + " must be opt-in");
    }
  }

  @Test
  void serviceMonitorScrapesTheMetricsServicePort() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of("serviceMonitor.enabled", "true", "serviceMonitor.labels.release", "kps"));
    JsonNode sm = chart.get("ServiceMonitor", "cadang");
    assertEquals("kps", sm.at("/metadata/labels/release").asText());
    JsonNode service = chart.get("Service", "cadang-metrics");
    assertEquals(
        service.at("/spec/ports/0/name").asText(), sm.at("/spec/endpoints/0/port").asText());
    assertEquals("/metrics", sm.at("/spec/endpoints/0/path").asText());
    // The ServiceMonitor's selector must match the Service's labels.
    sm.at("/spec/selector/matchLabels")
        .fields()
        .forEachRemaining(
            e ->
                assertEquals(
                    e.getValue().asText(),
                    service.at("/metadata/labels").path(e.getKey()).asText(),
                    "Service label " + e.getKey()));
  }

  @Test
  void prometheusRuleCarriesTheAlertGroupsWithPlaceholdersFilled() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "prometheusRule.enabled", "true",
                "prometheusRule.runbookBaseUrl", "https://wiki.example/cadang/",
                "prometheusRule.staleGraceSeconds", "3600"));
    JsonNode rule = chart.get("PrometheusRule", "cadang");
    String text = rule.toString();
    assertTrue(rule.at("/spec/groups").size() >= 4, text);
    assertTrue(!text.contains("__"), "unfilled placeholder in " + text);
    assertTrue(text.contains("https://wiki.example/cadang/troubleshooting.md#"), text);
    assertTrue(text.contains("time() - 3600"), text);
    assertTrue(text.contains("up{job=\\\"cadang-metrics\\\"}"), text);
  }

  @Test
  void dashboardConfigMapHoldsTheDashboardForTheGrafanaSidecar() throws Exception {
    RenderedChart chart = RenderedChart.render(Map.of("dashboard.enabled", "true"));
    JsonNode cm = chart.get("ConfigMap", "cadang-dashboard");
    assertEquals("1", cm.at("/metadata/labels/grafana_dashboard").asText());
    JsonNode dashboard = RenderedChart.YAML.readTree(cm.at("/data/cadang.json").asText());
    assertEquals("cadang-backups", dashboard.path("uid").asText());
  }

  @Test
  void networkPolicyAdmitsOnlyTheMetricsPortAndRestrictsEgressOnlyWhenGiven() {
    RenderedChart ingressOnly = RenderedChart.render(Map.of("networkPolicy.enabled", "true"));
    JsonNode np = ingressOnly.get("NetworkPolicy", "cadang-operator");
    assertEquals("[\"Ingress\"]", np.at("/spec/policyTypes").toString());
    assertEquals(1, np.at("/spec/ingress").size());
    assertEquals("http", np.at("/spec/ingress/0/ports/0/port").asText());
    assertEquals(
        ingressOnly.operatorDeployment().at("/spec/selector/matchLabels"),
        np.at("/spec/podSelector/matchLabels"));

    RenderedChart withEgress =
        RenderedChart.render(
            Map.of(
                "networkPolicy.enabled", "true",
                "networkPolicy.egress[0].ports[0].port", "443",
                "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name", "monitoring"));
    JsonNode np2 = withEgress.get("NetworkPolicy", "cadang-operator");
    assertEquals("[\"Ingress\",\"Egress\"]", np2.at("/spec/policyTypes").toString());
    assertEquals(443, np2.at("/spec/egress/0/ports/0/port").asInt());
    assertEquals(
        "monitoring", np2.at("/spec/ingress/0/from/0/namespaceSelector/matchLabels/name").asText());
  }

  @Test
  void metricsServiceAndUserRolesCanBeTurnedOff() {
    RenderedChart chart =
        RenderedChart.render(Map.of("metrics.service.enabled", "false", "rbac.userRoles", "false"));
    assertEquals(List.of(), chart.ofKind("Service"));
    assertTrue(chart.find("ClusterRole", "cadang-backup-admin").isEmpty());
    assertTrue(chart.find("ClusterRole", "cadang-viewer").isEmpty());
  }

  @Test
  void theDeletionGuardReservesTheDeleteDataMarkToPurgeAndCanBeTurnedOff() {
    RenderedChart chart = RenderedChart.defaults();
    JsonNode policy = chart.get("ValidatingAdmissionPolicy", "cadang-delete-data");
    assertEquals("Fail", policy.at("/spec/failurePolicy").asText());
    String rules = policy.at("/spec").toString();
    assertTrue(rules.contains("cadang.io/delete-data"), rules);
    assertTrue(rules.contains("check('purge')"), rules);
    assertTrue(rules.contains("deletionPolicy"), rules);
    JsonNode binding = chart.get("ValidatingAdmissionPolicyBinding", "cadang-delete-data");
    assertEquals("cadang-delete-data", binding.at("/spec/policyName").asText());
    assertEquals("Deny", binding.at("/spec/validationActions/0").asText());

    RenderedChart off = RenderedChart.render(Map.of("deletionGuard.enabled", "false"));
    assertTrue(off.find("ValidatingAdmissionPolicy", "cadang-delete-data").isEmpty());
  }
}
