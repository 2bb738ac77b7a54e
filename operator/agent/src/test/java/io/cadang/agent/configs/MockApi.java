package io.cadang.agent.configs;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The fabric8 mock API server in CRUD mode: it stores, lists and filters objects by label, and
 * serves discovery for built-in and CRD kinds, but does no defaulting, admission or server-side
 * apply (the end-to-end tests on a real kube-apiserver cover those).
 */
final class MockApi implements AutoCloseable {
  final KubernetesMockServer server;
  final KubernetesClient client;

  private MockApi(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  static MockApi start(String... namespaces) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init();
    serveBuiltinDiscovery(server);
    KubernetesClient client = server.createClient();
    for (String ns : namespaces) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    return new MockApi(server, client);
  }

  /**
   * The CRUD mock answers discovery only for CRD kinds; built-in group/versions get the answer a
   * real kube-apiserver gives (trimmed to the kinds the tests use, with their real plurals and
   * scopes).
   */
  private static void serveBuiltinDiscovery(KubernetesMockServer server) {
    server
        .expect()
        .get()
        .withPath("/api/v1")
        .andReturn(
            200,
            resources(
                "v1",
                resource("configmaps", "ConfigMap", true),
                resource("secrets", "Secret", true),
                resource("services", "Service", true),
                resource("namespaces", "Namespace", false),
                resource("pods/log", "Pod", true)))
        .always();
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1")
        .andReturn(
            200,
            resources(
                "apps/v1",
                resource("deployments", "Deployment", true),
                resource("deployments/scale", "Scale", true)))
        .always();
  }

  private static APIResourceList resources(String groupVersion, APIResource... resources) {
    return new APIResourceListBuilder()
        .withGroupVersion(groupVersion)
        .withResources(resources)
        .build();
  }

  private static APIResource resource(String plural, String kind, boolean namespaced) {
    return new APIResourceBuilder()
        .withName(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs("get", "list", "patch", "create")
        .build();
  }

  /** A namespaced custom resource kind {@code example.com/v1 Widget}. */
  CustomResourceDefinition createWidgetCrd() {
    return client.apiextensions().v1().customResourceDefinitions().resource(widgetCrd()).create();
  }

  static CustomResourceDefinition widgetCrd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("widgets.example.com")
        .endMetadata()
        .withNewSpec()
        .withGroup("example.com")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Widget")
        .withPlural("widgets")
        .withSingular("widget")
        .withListKind("WidgetList")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
