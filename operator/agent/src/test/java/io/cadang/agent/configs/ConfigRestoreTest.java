package io.cadang.agent.configs;

import static io.cadang.agent.configs.ConfigFixtures.NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.repository.FileRepository;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore against the mock API server, as far as it goes: the mock has no server-side apply (it
 * answers 415 to {@code application/apply-patch+yaml}), so these tests prove what happens before
 * and around the apply — authentication of the archive, selection and order, the request shape, and
 * that a refused dry run changes nothing. ConfigRestoreE2ETest proves the apply itself on a real
 * kube-apiserver.
 */
class ConfigRestoreTest {
  private static final byte[] MASTER = new byte[32];

  @TempDir Path dir;
  private FileRepository repository;

  @BeforeEach
  void snapshot() throws Exception {
    repository = new FileRepository(dir.resolve("repo"));
    try (MockApi source = MockApi.start(NS, "elsewhere")) {
      source.createWidgetCrd();
      ConfigFixtures.populate(source.client);
      new ConfigBackup(
              repository, LocalKeyProvider.fromBytes(MASTER), source.client, Clock.systemUTC())
          .run(
              new ConfigBackupRequest(
                  ConfigFixtures.selection(),
                  "cfg-1",
                  null,
                  GitCredentials.none(),
                  CompressionSettings.defaults()));
    }
  }

  @Test
  void aRefusedDryRunChangesNothingAndNamesTheObject() throws Exception {
    try (MockApi target = MockApi.start(NS, "elsewhere")) {
      target.createWidgetCrd();
      ConfigFixtures.populate(target.client);
      target
          .client
          .configMaps()
          .inNamespace(NS)
          .resource(ConfigFixtures.settings("changed: 1\n"))
          .update();
      int before = target.server.getRequestCount();
      for (int i = 0; i < before; i++) {
        target.server.takeRequest(1, TimeUnit.SECONDS);
      }

      ConfigsException e =
          assertThrows(
              ConfigsException.class,
              () ->
                  new ConfigRestore(repository, LocalKeyProvider.fromBytes(MASTER), target.client)
                      .run("cfg-1", Set.of(), false));
      assertEquals(
          "dry-run apply of Deployment shop/web failed: HTTP 415: Unsupported Media Type",
          e.getMessage());

      List<RecordedRequest> patches = new ArrayList<>();
      RecordedRequest r;
      while ((r = target.server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
        if (r.getMethod().equals("PATCH")) {
          patches.add(r);
        }
      }
      assertEquals(1, patches.size(), "the restore stops at the first refused dry run");
      RecordedRequest patch = patches.get(0);
      assertTrue(patch.getPath().contains("dryRun=All"), patch.getPath());
      assertTrue(patch.getPath().contains("fieldManager=cadang-restore"), patch.getPath());
      assertTrue(patch.getPath().contains("force=true"), patch.getPath());
      assertTrue(
          patch.getHeader("Content-Type").startsWith("application/apply-patch+yaml"),
          patch.getHeader("Content-Type"));
      String body = patch.getBody().readUtf8();
      assertFalse(body.contains("resourceVersion"), body);
      assertFalse(body.contains("ownerReferences"), body);
      // The live object is as it was.
      assertEquals(
          "changed: 1\n",
          target
              .client
              .configMaps()
              .inNamespace(NS)
              .withName("settings")
              .get()
              .getData()
              .get("app.yaml"));
    }
  }

  @Test
  void restoreRefusesAnotherKindOfBackup() throws Exception {
    BackupManifest m = new io.cadang.agent.manifest.BackupCatalog(repository).load("cfg-1");
    BackupManifest logical =
        new BackupManifest(
            m.formatVersion(),
            "db-1",
            BackupManifest.KIND_LOGICAL,
            m.startedAt(),
            m.finishedAt(),
            m.cadangVersion(),
            null,
            m.encryption(),
            List.of(),
            List.of(),
            null,
            null);
    new io.cadang.agent.manifest.BackupCatalog(repository).save(logical);
    try (MockApi target = MockApi.start(NS)) {
      ConfigsException e =
          assertThrows(
              ConfigsException.class,
              () ->
                  new ConfigRestore(repository, LocalKeyProvider.fromBytes(MASTER), target.client)
                      .run("db-1", Set.of(), true));
      assertEquals("backup 'db-1' is a logical backup, not a config snapshot", e.getMessage());
    }
  }

  @Test
  void namespacesFilterAndFoundationsGoFirst() {
    ConfigRestore.Item ns = item("v1/Namespace", null, "shop", "_cluster/core/Namespace/shop.yaml");
    ConfigRestore.Item cm = item("v1/ConfigMap", "shop", "a", "shop/core/ConfigMap/a.yaml");
    ConfigRestore.Item dep = item("apps/v1/Deployment", "shop", "w", "shop/apps/Deployment/w.yaml");
    ConfigRestore.Item other = item("v1/ConfigMap", "other", "b", "other/core/ConfigMap/b.yaml");
    ConfigRestore.Item sa =
        item("v1/ServiceAccount", "shop", "s", "shop/core/ServiceAccount/s.yaml");
    assertEquals(
        List.of(ns, sa, other, dep, cm),
        ConfigRestore.select(List.of(cm, dep, other, sa, ns), Set.of()));
    assertEquals(
        List.of(sa, dep, cm),
        ConfigRestore.select(List.of(cm, dep, other, sa, ns), Set.of("shop")));
  }

  private static ConfigRestore.Item item(String kind, String ns, String name, String path) {
    return new ConfigRestore.Item(ResourceKind.parse(kind), ns, name, path, Map.of());
  }
}
