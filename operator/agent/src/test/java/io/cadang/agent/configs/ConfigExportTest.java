package io.cadang.agent.configs;

import static io.cadang.agent.configs.ConfigFixtures.NS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigExportTest {
  private MockApi api;

  @BeforeEach
  void cluster() {
    api = MockApi.start(NS, "elsewhere");
    api.createWidgetCrd();
    ConfigFixtures.populate(api.client);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void exportSelectsByKindNamespaceAndLabelWithStablePaths() throws Exception {
    List<ExportedObject> objects =
        new ConfigExporter(api.client).export(ConfigFixtures.selection());
    assertEquals(
        List.of(
            "shop/apps/Deployment/web.yaml",
            "shop/core/ConfigMap/settings.yaml",
            "shop/core/Secret/db-credentials.yaml",
            "shop/example.com/Widget/blue.yaml"),
        objects.stream().map(ExportedObject::path).toList());
  }

  @Test
  void exportIsCleanWithSortedKeys() throws Exception {
    List<ExportedObject> objects =
        new ConfigExporter(api.client).export(ConfigFixtures.selection());
    for (ExportedObject o : objects) {
      String yaml = new String(o.yaml(), StandardCharsets.UTF_8);
      for (String noise :
          List.of(
              "uid:",
              "resourceVersion:",
              "creationTimestamp:",
              "managedFields",
              "generation:",
              "status:",
              "last-applied-configuration",
              "deployment.kubernetes.io/revision",
              "---")) {
        assertFalse(yaml.contains(noise), o.path() + " still holds " + noise + ":\n" + yaml);
      }
      assertTrue(yaml.startsWith("apiVersion: "), yaml);
      assertKeysSorted(CanonicalYaml.read(o.yaml()), o.path());
    }
    String deployment = new String(objects.get(0).yaml(), StandardCharsets.UTF_8);
    assertTrue(deployment.contains("team: shop"), "user annotations stay:\n" + deployment);
    assertTrue(deployment.contains("replicas: 2"), deployment);
    String configMap = new String(objects.get(1).yaml(), StandardCharsets.UTF_8);
    // Strings that look like numbers or booleans stay strings; multi-line values stay readable.
    assertTrue(configMap.contains("port: \"8080\""), configMap);
    assertTrue(configMap.contains("enabled: \"true\""), configMap);
    assertTrue(configMap.contains("app.yaml: |"), configMap);
  }

  @Test
  void twoExportsOfAnUnchangedNamespaceAreByteIdentical() throws Exception {
    ConfigExporter exporter = new ConfigExporter(api.client);
    List<ExportedObject> first = exporter.export(ConfigFixtures.selection());
    byte[] firstTar = ConfigBackup.archive(first);

    // The server touches what it owns (status, resourceVersion, managed fields) without anyone
    // changing the configuration: the export must not see it.
    Deployment web = api.client.apps().deployments().inNamespace(NS).withName("web").get();
    web.getStatus().setReadyReplicas(1);
    web.getMetadata().getManagedFields().get(0).setManager("kube-controller-manager");
    api.client.apps().deployments().inNamespace(NS).resource(web).update();

    List<ExportedObject> second = new ConfigExporter(api.client).export(ConfigFixtures.selection());
    assertEquals(first.size(), second.size());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).path(), second.get(i).path());
      assertArrayEquals(first.get(i).yaml(), second.get(i).yaml(), first.get(i).path());
    }
    assertArrayEquals(firstTar, ConfigBackup.archive(second), "the archives differ");
  }

  @Test
  void clusterScopedKindsIgnoreNamespacesAndLiveUnderCluster() throws Exception {
    List<ExportedObject> objects =
        new ConfigExporter(api.client)
            .export(
                new ConfigSelection(
                    List.of(ResourceKind.parse("v1/Namespace")), List.of(NS), null));
    assertEquals(
        List.of("_cluster/core/Namespace/elsewhere.yaml", "_cluster/core/Namespace/shop.yaml"),
        objects.stream().map(ExportedObject::path).toList());
  }

  @Test
  void unknownKindIsAOneLineError() {
    ConfigsException e =
        assertThrows(
            ConfigsException.class,
            () ->
                new ConfigExporter(api.client)
                    .export(
                        new ConfigSelection(
                            List.of(ResourceKind.parse("example.com/v1/Gadget")),
                            List.of(NS),
                            null)));
    assertEquals(
        "the API server serves no kind Gadget in example.com/v1 (check the spelling and that its"
            + " CRD is installed)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResourceKind.parse("Deployment"));
  }

  @Test
  void anUnreachableApiServerIsAOneLineError() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (var client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + port)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      ConfigsException e =
          assertThrows(
              ConfigsException.class,
              () -> new ConfigExporter(client).export(ConfigFixtures.selection()));
      // The cause's wording is the JDK HTTP client's (here "ConnectException: ...").
      assertTrue(
          e.getMessage()
              .startsWith(
                  "API discovery of v1 failed: cannot reach the API server at http://127.0.0.1:"
                      + port
                      + "/: ConnectException"),
          e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void allocatedClusterIpsAndNullMembersGoHeadlessStaysHeadless() {
    Map<String, Object> allocated =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Service",
            "metadata",
            Map.of("name", "web"),
            "spec",
            Map.of(
                "clusterIP", "10.96.4.7", "clusterIPs", List.of("10.96.4.7"), "ports", List.of()));
    Map<String, Object> cleaned = ObjectCleaner.clean(allocated);
    assertEquals(Map.of("ports", List.of()), cleaned.get("spec"));
    Map<String, Object> template = new java.util.HashMap<>();
    template.put("creationTimestamp", null);
    template.put("labels", Map.of("app", "web"));
    assertEquals(
        Map.of(
            "spec", Map.of("template", Map.of("metadata", Map.of("labels", Map.of("app", "web"))))),
        ObjectCleaner.clean(Map.of("spec", Map.of("template", Map.of("metadata", template)))));
    Map<String, Object> headless =
        Map.of("apiVersion", "v1", "kind", "Service", "spec", Map.of("clusterIP", "None"));
    assertEquals(Map.of("clusterIP", "None"), ObjectCleaner.clean(headless).get("spec"));
  }

  @Test
  void tarIsReadableByGnuTarAndRoundTripsLongPaths(@TempDir Path dir) throws Exception {
    String longName = "shop/example.com/Widget/" + "w".repeat(150) + ".yaml";
    List<ConfigTar.Entry> entries =
        List.of(
            new ConfigTar.Entry("shop/core/ConfigMap/a.yaml", "a: 1\n".getBytes()),
            new ConfigTar.Entry(longName, "b: 2\n".getBytes()));
    byte[] tar = ConfigTar.write(entries);
    List<ConfigTar.Entry> back = ConfigTar.read(tar);
    assertEquals(
        List.of("shop/core/ConfigMap/a.yaml", longName),
        back.stream().map(ConfigTar.Entry::path).toList());
    assertArrayEquals("b: 2\n".getBytes(), back.get(1).content());

    Path file = dir.resolve("configs.tar");
    Files.write(file, tar);
    Process p =
        new ProcessBuilder("tar", "-xf", file.toString(), "-C", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertEquals("b: 2\n", Files.readString(dir.resolve(longName)));
    assertEquals(0, Files.getLastModifiedTime(dir.resolve(longName)).toMillis());
  }

  @SuppressWarnings("unchecked")
  private static void assertKeysSorted(Object node, String where) {
    if (node instanceof Map<?, ?> map) {
      List<String> keys = map.keySet().stream().map(String::valueOf).toList();
      assertEquals(keys.stream().sorted().toList(), keys, "keys out of order in " + where);
      map.values().forEach(v -> assertKeysSorted(v, where));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> assertKeysSorted(v, where));
    }
  }
}
