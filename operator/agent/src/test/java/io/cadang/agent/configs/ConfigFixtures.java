package io.cadang.agent.configs;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A small application in namespace {@code shop} as a cluster holds it, server-side noise included
 * (status, managed fields, last-applied annotations), plus objects the selection must leave out.
 */
final class ConfigFixtures {
  static final String NS = "shop";
  static final String SECRET_VALUE = "pg-Pa55word-7f3c9e1d";
  static final String SECRET_TOKEN = "api-token-0b8d6a2e41";

  private ConfigFixtures() {}

  static void populate(KubernetesClient client) {
    populate(client, NS, "elsewhere");
  }

  /** The application in {@code ns}; a look-alike in {@code otherNs} that must not be exported. */
  static void populate(KubernetesClient client, String ns, String otherNs) {
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withLabels(Map.of("app", "luxima", "tier", "web"))
                .withAnnotations(
                    Map.of(
                        "kubectl.kubernetes.io/last-applied-configuration",
                        "{\"kind\":\"Deployment\"}",
                        "deployment.kubernetes.io/revision",
                        "3",
                        "team",
                        "shop"))
                .withManagedFields(
                    new ManagedFieldsEntryBuilder()
                        .withManager("kubectl")
                        .withOperation("Apply")
                        .withApiVersion("apps/v1")
                        .withFieldsType("FieldsV1")
                        .withNewFieldsV1()
                        .endFieldsV1()
                        .build())
                .withGeneration(3L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .withMatchLabels(Map.of("app", "luxima"))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", "luxima"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1.27")
                .withArgs("--port", "8080")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReplicas(2)
                .withReadyReplicas(2)
                .withObservedGeneration(3L)
                .endStatus()
                .build())
        .create();
    client
        .configMaps()
        .inNamespace(ns)
        .resource(settings(ns, "worker_count: 4\nlog_level: info\n"))
        .create();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db-credentials")
                .withLabels(Map.of("app", "luxima"))
                .withAnnotations(
                    Map.of(
                        "kubectl.kubernetes.io/last-applied-configuration",
                        "{\"data\":{\"password\":\"" + b64(SECRET_VALUE) + "\"}}"))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of("password", b64(SECRET_VALUE), "token", b64(SECRET_TOKEN)))
                .build())
        .create();
    // Same namespace, but not matching app=luxima.
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withLabels(Map.of("app", "other"))
                .endMetadata()
                .withData(Map.of("x", "1"))
                .build())
        .create();
    // Matching, but in a namespace that is not selected.
    client
        .configMaps()
        .inNamespace(otherNs)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withLabels(Map.of("app", "luxima"))
                .endMetadata()
                .withData(Map.of("y", "2"))
                .build())
        .create();
    client
        .genericKubernetesResources(WIDGETS)
        .inNamespace(ns)
        .resource(widget(ns, "blue", 3))
        .create();
  }

  static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("example.com")
          .withVersion("v1")
          .withKind("Widget")
          .withPlural("widgets")
          .withNamespaced(true)
          .build();

  static GenericKubernetesResource widget(String ns, String name, int size) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(Map.of("app", "luxima"))
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("size", size, "colour", name, "zeta", true))
        .addToAdditionalProperties("status", Map.of("phase", "Ready"))
        .build();
  }

  static ConfigMap settings(String appYaml) {
    return settings(NS, appYaml);
  }

  static ConfigMap settings(String ns, String appYaml) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("settings")
        .withNamespace(ns)
        .withLabels(Map.of("app", "luxima"))
        .endMetadata()
        .withData(Map.of("app.yaml", appYaml, "port", "8080", "enabled", "true"))
        .build();
  }

  static ConfigSelection selection() {
    return new ConfigSelection(
        List.of(
            ResourceKind.parse("apps/v1/Deployment"),
            ResourceKind.parse("v1/ConfigMap"),
            ResourceKind.parse("v1/Secret"),
            ResourceKind.parse("example.com/v1/Widget")),
        List.of(NS),
        "app=luxima");
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
