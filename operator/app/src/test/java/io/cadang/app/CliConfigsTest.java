package io.cadang.app;

import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cadang backup --configs} and {@code restore --configs} as a user runs them, against the
 * fabric8 mock API server (reached through a kubeconfig file) and a local bare git repository.
 */
class CliConfigsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_VALUE = "cli-Secret-93e1f0";
  private static final String GIT_TOKEN = "ghp_cliTokenNeverPrinted";

  @TempDir Path dir;
  private KubernetesMockServer server;
  private Cadang cadang;
  private String[] common;
  private Path bare;

  @BeforeEach
  void setUp() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init();
    // The CRUD mock serves discovery only for CRDs; give the answer kube-apiserver gives for v1.
    server
        .expect()
        .get()
        .withPath("/api/v1")
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion("v1")
                .addToResources(
                    new APIResourceBuilder()
                        .withName("configmaps")
                        .withKind("ConfigMap")
                        .withNamespaced(true)
                        .build(),
                    new APIResourceBuilder()
                        .withName("secrets")
                        .withKind("Secret")
                        .withNamespaced(true)
                        .build())
                .build())
        .always();
    try (KubernetesClient client = server.createClient()) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
          .create();
      client
          .configMaps()
          .inNamespace("shop")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings")
                  .endMetadata()
                  .withData(Map.of("mode", "fast"))
                  .build())
          .create();
      client
          .secrets()
          .inNamespace("shop")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("db")
                  .endMetadata()
                  .withData(
                      Map.of(
                          "password",
                          Base64.getEncoder()
                              .encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8))))
                  .build())
          .create();
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(
          kubeconfig,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "- name: mock",
              "  cluster:",
              "    server: " + client.getConfiguration().getMasterUrl(),
              "users:",
              "- name: u",
              "  user:",
              "    token: mock-token",
              "contexts:",
              "- name: c",
              "  context:",
              "    cluster: mock",
              "    user: u",
              "    namespace: shop",
              "current-context: c",
              ""));
      common =
          new String[] {
            "--kubeconfig=" + kubeconfig,
            "--repo=" + dir.resolve("repo").toUri(),
            "--key-env=CADANG_TEST_KEY"
          };
    }
    bare = dir.resolve("cfg.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
    cadang =
        Cadang.withEnvironment(
            Map.of(
                "CADANG_TEST_KEY",
                Base64.getEncoder().encodeToString(new byte[32]),
                "CADANG_GIT_TOKEN",
                GIT_TOKEN));
  }

  @AfterEach
  void tearDown() {
    server.destroy();
  }

  private Cadang.Result backup(String id, String gitUrl) {
    return cadang.run(
        Cadang.args(
            "backup",
            "--configs",
            "--resource=v1/ConfigMap",
            "--resource=v1/Secret",
            "--git-url=" + gitUrl,
            "--git-path=prod",
            "--backup-id=" + id,
            "--result-file=" + dir.resolve(id + ".json"),
            common));
  }

  @Test
  void backupCommitsOnceWritesTheResultAndNeverPrintsSecrets() throws Exception {
    Cadang.Result first = assertSucceeded(backup("c1", bare.toUri().toString()));
    assertTrue(
        first
            .out()
            .matches(
                "(?s)backup c1: configs, 2 object\\(s\\) \\(1 Secret\\(s\\)\\), .*, git commit [0-9a-f]{12} on main\n"),
        first.out());
    JsonNode r1 = JSON.readTree(dir.resolve("c1.json").toFile());
    assertEquals("configs", r1.path("kind").asText());
    assertEquals(2, r1.path("configs").path("objects").asInt());
    assertEquals(1, r1.path("configs").path("secrets").asInt());
    assertEquals(40, r1.path("configs").path("git").path("commit").asText().length());
    assertTrue(r1.path("configs").path("git").path("pushed").asBoolean());
    assertFalse(r1.has("serverVersion"));

    Cadang.Result second = assertSucceeded(backup("c2", bare.toUri().toString()));
    assertTrue(second.out().endsWith(", git main unchanged\n"), second.out());
    JsonNode r2 = JSON.readTree(dir.resolve("c2.json").toFile());
    assertTrue(r2.path("configs").path("git").path("commit").isNull(), r2.toString());

    for (Cadang.Result r : new Cadang.Result[] {first, second}) {
      String all = r.everything() + Files.readString(dir.resolve("c1.json"));
      assertFalse(all.contains(SECRET_VALUE));
      assertFalse(all.contains(GIT_TOKEN));
    }
  }

  @Test
  void gitFailureIsOneLineAndSaysTheSnapshotIsStored() throws Exception {
    String missing = dir.resolve("missing.git").toUri().toString();
    String line = assertFailsWithOneLine(1, backup("c3", missing));
    assertTrue(line.startsWith("cadang: error: git: pushing to " + missing), line);
    assertTrue(
        line.endsWith(
            "the encrypted snapshot is stored as backup c3 (backups/c3/configs.tar.zst.cdg)"),
        line);
    assertTrue(Files.exists(dir.resolve("repo/backups/c3/manifest.json")));
    assertTrue(
        JSON.readTree(dir.resolve("c3.json").toFile())
            .path("error")
            .asText()
            .startsWith("git: pushing"));
  }

  @Test
  void badUsageIsOneLine() {
    String line =
        assertFailsWithOneLine(
            1, cadang.run(Cadang.args("backup", "--configs", "--backup-id=x", common)));
    assertEquals(
        "cadang: error: --configs needs at least one --resource, e.g."
            + " --resource=apps/v1/Deployment",
        line);
    line =
        assertFailsWithOneLine(
            2,
            cadang.run(
                Cadang.args(
                    "backup", "--configs", "--resource=v1/ConfigMap", "-d", "app", common)));
    assertTrue(line.contains("--configs backs up Kubernetes objects"), line);
    line =
        assertFailsWithOneLine(
            1, cadang.run(Cadang.args("backup", "--configs", "--resource=ConfigMap", common)));
    assertTrue(line.startsWith("cadang: error: invalid resource 'ConfigMap'"), line);
  }

  @Test
  void restoreDryRunReachesServerSideApplyAndReportsTheRefusalInOneLine() throws Exception {
    assertSucceeded(backup("c4", bare.toUri().toString()));
    // The mock has no server-side apply (415): the restore must stop at the dry run, say which
    // object was refused, and write the error as its result.
    Cadang.Result r =
        cadang.run(
            Cadang.args(
                "restore",
                "--configs",
                "--dry-run",
                "--backup-id=c4",
                "--result-file=" + dir.resolve("r.json"),
                common));
    String line = assertFailsWithOneLine(1, r);
    assertEquals(
        "cadang: error: dry-run apply of ConfigMap shop/settings failed: HTTP 415: Unsupported"
            + " Media Type",
        line);
    assertFalse(r.everything().contains(SECRET_VALUE));
    assertEquals(
        "dry-run apply of ConfigMap shop/settings failed: HTTP 415: Unsupported Media Type",
        JSON.readTree(dir.resolve("r.json").toFile()).path("error").asText());
    String both =
        assertFailsWithOneLine(
            2, cadang.run(Cadang.args("restore", "c4", "--configs", "--backup-id=c5", common)));
    assertEquals(
        "cadang: error: give the backup either as BACKUP or as --backup-id, not both ('c4' and"
            + " 'c5') (try 'cadang restore --help')",
        both);
  }
}
