package io.cadang.agent.configs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.repository.FileRepository;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export, git and restore against a real kube-apiserver (defaulting, controllers updating status,
 * server-side apply, dry runs). Opt-in: {@code -Dcadang.e2e.kubeconfig=DIR/kubeconfig} from {@code
 * e2e/bin/control-plane.sh start DIR}; skipped otherwise.
 */
class ConfigRestoreE2ETest {
  private static final byte[] MASTER = new byte[32];

  @TempDir Path dir;

  @Test
  void snapshotIsStableAndRestoreShowsThenAppliesTheDifference() throws Exception {
    String kubeconfig = System.getProperty("cadang.e2e.kubeconfig");
    assumeTrue(kubeconfig != null && !kubeconfig.isBlank(), "no -Dcadang.e2e.kubeconfig");
    String ns =
        "cfg-e2e-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    try (KubernetesClient client = KubeClients.open(Path.of(kubeconfig))) {
      for (String name : List.of(ns, ns + "-other")) {
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
            .create();
      }
      try {
        run(client, ns);
      } finally {
        client.namespaces().withName(ns).delete();
        client.namespaces().withName(ns + "-other").delete();
      }
    }
  }

  private void run(KubernetesClient client, String ns) throws Exception {
    CustomResourceDefinition crd = MockApi.widgetCrd();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60,
            TimeUnit.SECONDS);
    ConfigFixtures.populate(client, ns, ns + "-other");
    client
        .services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .withLabels(Map.of("app", "luxima"))
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "luxima"))
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();

    FileRepository repository = new FileRepository(dir.resolve("repo"));
    Path bare = dir.resolve("configs.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
    ConfigSelection selection =
        new ConfigSelection(
            List.of(
                ResourceKind.parse("apps/v1/Deployment"),
                ResourceKind.parse("v1/ConfigMap"),
                ResourceKind.parse("v1/Secret"),
                ResourceKind.parse("v1/Service"),
                ResourceKind.parse("example.com/v1/Widget")),
            List.of(ns),
            "app=luxima");
    ConfigExporter exporter = new ConfigExporter(client);
    List<ExportedObject> first = exporter.export(selection);
    assertEquals(5, first.size(), first.stream().map(ExportedObject::path).toList().toString());
    BackupManifest b1 = backup(repository, client, selection, "e2e-1", bare);
    assertNotNull(b1.configs().git().commit());
    // Controllers work on the Deployment in between (status, revision annotation).
    Thread.sleep(2000);
    List<ExportedObject> second = exporter.export(selection);
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i).yaml(), second.get(i).yaml(), first.get(i).path());
    }
    assertNull(backup(repository, client, selection, "e2e-2", bare).configs().git().commit());

    // Drift: a changed ConfigMap, a scaled Deployment, a deleted custom resource.
    client
        .configMaps()
        .inNamespace(ns)
        .resource(ConfigFixtures.settings(ns, "drifted: yes\n"))
        .update();
    client.apps().deployments().inNamespace(ns).withName("web").scale(5);
    client
        .genericKubernetesResources(ConfigFixtures.WIDGETS)
        .inNamespace(ns)
        .withName("blue")
        .delete();
    client
        .genericKubernetesResources(ConfigFixtures.WIDGETS)
        .inNamespace(ns)
        .withName("blue")
        .waitUntilCondition(w -> w == null, 30, TimeUnit.SECONDS);

    ConfigRestore restore =
        new ConfigRestore(repository, LocalKeyProvider.fromBytes(MASTER), client);
    ConfigRestoreReport dry = restore.run("e2e-1", Set.of(ns), true);
    assertEquals(1, dry.count(ApplyOutcome.CREATED), dry.toString());
    assertEquals(2, dry.count(ApplyOutcome.CHANGED), dry.toString());
    assertEquals(2, dry.count(ApplyOutcome.UNCHANGED), dry.toString());
    assertEquals(
        List.of(
            "Deployment " + ns + "/web", "ConfigMap " + ns + "/settings", "Widget " + ns + "/blue"),
        dry.changes());
    // A dry run persists nothing.
    assertEquals(
        5,
        client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas());
    assertNull(
        client
            .genericKubernetesResources(ConfigFixtures.WIDGETS)
            .inNamespace(ns)
            .withName("blue")
            .get());

    ConfigRestoreReport applied = restore.run("e2e-1", Set.of(ns), false);
    assertEquals(dry.objects(), applied.objects());
    assertEquals(
        2,
        client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas());
    assertEquals(
        "worker_count: 4\nlog_level: info\n",
        client.configMaps().inNamespace(ns).withName("settings").get().getData().get("app.yaml"));
    assertNotNull(
        client
            .genericKubernetesResources(ConfigFixtures.WIDGETS)
            .inNamespace(ns)
            .withName("blue")
            .get());
    ConfigRestoreReport again = restore.run("e2e-1", Set.of(ns), true);
    assertEquals(5, again.count(ApplyOutcome.UNCHANGED), again.toString());
  }

  /** The RBAC of docs/configs.md, verbatim in substance: without it 403, with it the export. */
  @Test
  void theJobsServiceAccountNeedsTheDocumentedRole() throws Exception {
    String kubeconfig = System.getProperty("cadang.e2e.kubeconfig");
    assumeTrue(kubeconfig != null && !kubeconfig.isBlank(), "no -Dcadang.e2e.kubeconfig");
    String ns =
        "cfg-rbac-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    try (KubernetesClient admin = KubeClients.open(Path.of(kubeconfig))) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      try {
        admin
            .serviceAccounts()
            .inNamespace(ns)
            .resource(
                new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName("cadang-configs")
                    .endMetadata()
                    .build())
            .create();
        admin.configMaps().inNamespace(ns).resource(ConfigFixtures.settings(ns, "a: 1\n")).create();
        String token =
            admin
                .serviceAccounts()
                .inNamespace(ns)
                .withName("cadang-configs")
                .tokenRequest(
                    new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        io.fabric8.kubernetes.client.Config asAccount =
            new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl(admin.getMasterUrl().toString())
                .withCaCertFile(admin.getConfiguration().getCaCertFile())
                .withCaCertData(admin.getConfiguration().getCaCertData())
                .withOauthToken(token)
                .withRequestRetryBackoffLimit(0)
                .build();
        ConfigSelection selection =
            new ConfigSelection(
                List.of(ResourceKind.parse("v1/ConfigMap"), ResourceKind.parse("v1/Secret")),
                List.of(ns),
                null);
        try (KubernetesClient job =
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(asAccount)
                .build()) {
          ConfigsException e =
              org.junit.jupiter.api.Assertions.assertThrows(
                  ConfigsException.class, () -> new ConfigExporter(job).export(selection));
          org.junit.jupiter.api.Assertions.assertTrue(
              e.getMessage()
                      .startsWith("cannot list v1/ConfigMap in namespace " + ns + ": HTTP 403: ")
                  && e.getMessage()
                      .endsWith(
                          "(the service account needs get/list on configmaps; see docs/configs.md)"),
              e.getMessage());

          admin
              .rbac()
              .roles()
              .inNamespace(ns)
              .resource(
                  new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                      .withNewMetadata()
                      .withName("cadang-configs-reader")
                      .endMetadata()
                      .addNewRule()
                      .withApiGroups("")
                      .withResources("configmaps", "secrets", "services")
                      .withVerbs("get", "list")
                      .endRule()
                      .build())
              .create();
          admin
              .rbac()
              .roleBindings()
              .inNamespace(ns)
              .resource(
                  new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                      .withNewMetadata()
                      .withName("cadang-configs-reader")
                      .endMetadata()
                      .withNewRoleRef()
                      .withApiGroup("rbac.authorization.k8s.io")
                      .withKind("Role")
                      .withName("cadang-configs-reader")
                      .endRoleRef()
                      .addNewSubject()
                      .withKind("ServiceAccount")
                      .withName("cadang-configs")
                      .withNamespace(ns)
                      .endSubject()
                      .build())
              .create();
          List<ExportedObject> objects = null;
          for (int i = 0; i < 50 && objects == null; i++) {
            try {
              objects = new ConfigExporter(job).export(selection);
            } catch (ConfigsException notYet) {
              Thread.sleep(200); // the authorizer's cache catches up with the new binding
            }
          }
          assertNotNull(objects, "the documented Role does not allow the export");
          org.junit.jupiter.api.Assertions.assertTrue(
              objects.stream().anyMatch(o -> o.path().equals(ns + "/core/ConfigMap/settings.yaml")),
              objects.stream().map(ExportedObject::path).toList().toString());
        }
      } finally {
        admin.namespaces().withName(ns).delete();
      }
    }
  }

  private static BackupManifest backup(
      FileRepository repository,
      KubernetesClient client,
      ConfigSelection selection,
      String id,
      Path bare)
      throws Exception {
    return new ConfigBackup(
            repository, LocalKeyProvider.fromBytes(MASTER), client, Clock.systemUTC())
        .run(
            new ConfigBackupRequest(
                selection,
                id,
                new GitTarget(bare.toUri().toString(), "main", "", null, null, Set.of()),
                GitCredentials.none(),
                CompressionSettings.defaults()));
  }
}
