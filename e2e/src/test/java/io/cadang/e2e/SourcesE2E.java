package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The non-database sources of seed 003 run by the operator on the real control plane: files from a
 * PersistentVolumeClaim restored into another claim, a configuration snapshot taken under its own
 * service account's RBAC and re-applied with server-side apply, and CSI volume snapshots kept N
 * deep by retention and the real garbage collector.
 */
class SourcesE2E {
  private static final String NS = E2EEnvironment.APP_NS;
  private final E2EEnvironment env = E2EEnvironment.get();
  private final KubernetesClient k = env.admin;

  @Test
  void filesOfAClaimAreBackedUpAndRestoredIntoAnotherClaimByteForByte() throws Exception {
    Cluster.claim(k, NS, "shop-uploads");
    Cluster.claim(k, NS, "shop-uploads-restored");
    Path source = env.node.claimDirectory(NS, "shop-uploads");
    Map<String, byte[]> expected = new HashMap<>();
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      byte[] data = new byte[1000 + random.nextInt(200_000)];
      random.nextBytes(data);
      String name = "uploads/" + (i % 4) + "/photo-" + i + ".jpg";
      write(source.resolve(name), data);
      expected.put(name, data);
    }
    write(source.resolve("uploads/upload-in-progress.tmp"), new byte[] {1, 2, 3});
    write(source.resolve("not-listed/other.txt"), "outside paths".getBytes(StandardCharsets.UTF_8));

    Cluster.apply(
        k,
        policy(
            "shop-files",
            String.join(
                "\n",
                "  source:",
                "    files:",
                "      claimName: shop-uploads",
                "      paths: [uploads]",
                "      excludes: [\"*.tmp\"]",
                "  storage:",
                "    primary:",
                env.s3Repository("e2e/files"),
                "  encryption:",
                env.vaultEncryption(),
                "")));
    GenericKubernetesResource run = manualRun("shop-files", "shop-files-1");
    assertEquals("Succeeded", Cluster.phase(run).orElseThrow(), "run: " + Cluster.status(run));
    assertEquals(20L, number(Cluster.statusAt(run, "files", "regularFiles")), "files backed up");

    Cluster.apply(
        k,
        restore(
            "shop-files-restore",
            "shop-files",
            "    files: {claimName: shop-uploads-restored, subPath: restored}"));
    GenericKubernetesResource done =
        Cluster.awaitFinished(k, "RestoreRequest", NS, "shop-files-restore", Duration.ofMinutes(4));
    assertEquals(
        "Succeeded", Cluster.phase(done).orElseThrow(), "restore: " + Cluster.status(done));
    assertEquals(20L, number(Cluster.statusAt(done, "files", "filesVerified")));

    Path restored = env.node.claimDirectory(NS, "shop-uploads-restored").resolve("restored");
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(restored.resolve(e.getKey())), e.getKey());
    }
    assertFalse(Files.exists(restored.resolve("uploads/upload-in-progress.tmp")), "excluded");
    assertFalse(Files.exists(restored.resolve("not-listed")), "outside spec.source.files.paths");
  }

  @Test
  void configsAreExportedUnderTheirOwnRbacAndReappliedWithServerSideApply() throws Exception {
    // The export runs as its own service account, with a Role of exactly the verbs docs/configs.md
    // lists (patch too: RestoreRequests run as the policy's account), and its own Vault role.
    String account = "cadang-configs";
    k.serviceAccounts()
        .inNamespace(NS)
        .resource(
            // Labelled by the admin: a policy may run agent pods only as a marked account.
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(account)
                .addToLabels("cadang.io/agent", "true")
                .endMetadata()
                .build())
        .create();
    k.rbac()
        .roles()
        .inNamespace(NS)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(account)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("configmaps")
                        .withVerbs("get", "list", "patch")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("apps")
                        .withResources("deployments")
                        .withVerbs("get", "list", "patch")
                        .build())
                .build())
        .create();
    k.rbac()
        .roleBindings()
        .inNamespace(NS)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(account)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", account)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(account)
                .withNamespace(NS)
                .endSubject()
                .build())
        .create();
    env.vault.allowTransit(account, NS, account, E2EEnvironment.TRANSIT_KEY);

    k.configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("web-settings")
                .addToLabels("app", "web")
                .endMetadata()
                .addToData("color", "blue")
                .addToData("limit", "10")
                .build())
        .create();
    k.apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("registry.example/web:1.0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    Cluster.apply(
        k,
        policy(
            "shop-configs",
            String.join(
                "\n",
                "  source:",
                "    configs:",
                "      resources:",
                "        - {apiVersion: apps/v1, kind: Deployment}",
                "        - {apiVersion: v1, kind: ConfigMap}",
                "      namespaces: [" + NS + "]",
                "      labelSelector: app=web",
                "  storage:",
                "    primary:",
                env.s3Repository("e2e/configs"),
                "  encryption:",
                env.vaultEncryption(account),
                "  job:",
                "    serviceAccountName: " + account,
                "")));
    GenericKubernetesResource run = manualRun("shop-configs", "shop-configs-1");
    assertEquals("Succeeded", Cluster.phase(run).orElseThrow(), "run: " + Cluster.status(run));
    assertEquals(2L, number(Cluster.statusAt(run, "configs", "objects")), "Deployment + ConfigMap");

    // Drift after the snapshot.
    k.configMaps()
        .inNamespace(NS)
        .withName("web-settings")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("color", "red").build());

    Cluster.apply(
        k, restore("shop-configs-what-if", "shop-configs", "    configs: {dryRun: true}"));
    GenericKubernetesResource whatIf =
        Cluster.awaitFinished(
            k, "RestoreRequest", NS, "shop-configs-what-if", Duration.ofMinutes(4));
    assertEquals(
        "Succeeded", Cluster.phase(whatIf).orElseThrow(), "dry run: " + Cluster.status(whatIf));
    assertEquals(1L, number(Cluster.statusAt(whatIf, "configs", "changed")), "the ConfigMap");
    assertEquals(1L, number(Cluster.statusAt(whatIf, "configs", "unchanged")), "the Deployment");
    assertEquals(Boolean.FALSE, Cluster.statusAt(whatIf, "configs", "applied"));
    assertEquals("red", settings().getData().get("color"), "a dry run changes nothing");

    Cluster.apply(k, restore("shop-configs-apply", "shop-configs", "    configs: {}"));
    GenericKubernetesResource applied =
        Cluster.awaitFinished(k, "RestoreRequest", NS, "shop-configs-apply", Duration.ofMinutes(4));
    assertEquals(
        "Succeeded", Cluster.phase(applied).orElseThrow(), "apply: " + Cluster.status(applied));
    assertEquals(Boolean.TRUE, Cluster.statusAt(applied, "configs", "applied"));
    assertEquals("blue", settings().getData().get("color"), "the snapshot's value is back");
  }

  @Test
  void aReplicaInASecondBucketGetsEveryBackupAndARestoreReadsFromIt() throws Exception {
    // A second bucket stands for the other region's S3 (one S3 server runs here).
    String drBucket = "cadang-e2e-dr";
    env.s3.createBucket(drBucket);
    Cluster.apply(
        k,
        policy(
            "shop-replicated",
            String.join(
                "\n",
                "  source:",
                "    postgres:",
                "      host: 127.0.0.1",
                "      port: " + env.postgres.port(),
                "      databases: [shop]",
                "      sslMode: disable",
                "      credentialsSecret: {name: shop-db}",
                "  storage:",
                "    primary:",
                env.s3Repository("e2e/replicated"),
                "    replicas:",
                env.s3Replica("dr", drBucket, "e2e/replicated"),
                "  encryption:",
                env.vaultEncryption(),
                "")));
    GenericKubernetesResource run = manualRun("shop-replicated", "shop-replicated-1");
    assertEquals("Succeeded", Cluster.phase(run).orElseThrow(), "run: " + Cluster.status(run));
    String backupId = (String) Cluster.statusAt(run, "backupId");
    Await.until(
        "the run replicated to dr",
        Duration.ofMinutes(2),
        () ->
            String.valueOf(
                    Cluster.statusAt(
                        Cluster.cadang(k, "BackupRun")
                            .inNamespace(NS)
                            .withName("shop-replicated-1")
                            .get(),
                        "replication"))
                .contains("state=Replicated"));
    assertFalse(
        env.s3.keys(drBucket, "e2e/replicated/backups/" + backupId + "/").isEmpty(),
        "the backup's objects are in the replica bucket");

    Cluster.apply(
        k,
        String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: RestoreRequest",
            "metadata: {name: shop-from-dr, namespace: " + NS + "}",
            "spec:",
            "  source: {policy: shop-replicated, repository: dr}",
            "  target:",
            "    sourceDatabase: shop",
            "    database:",
            "      host: 127.0.0.1",
            "      port: " + env.postgres.port(),
            "      name: shop_from_dr",
            "      createDatabase: true",
            "      sslMode: disable",
            "      credentialsSecret: {name: shop-db}",
            "  verify: true",
            ""));
    GenericKubernetesResource done =
        Cluster.awaitFinished(k, "RestoreRequest", NS, "shop-from-dr", Duration.ofMinutes(4));
    assertEquals(
        "Succeeded", Cluster.phase(done).orElseThrow(), "restore: " + Cluster.status(done));
    assertEquals("dr", Cluster.statusAt(done, "repository"));
    try (java.sql.Connection c = env.connect("shop_from_dr");
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders)")) {
      rs.next();
      assertEquals(500, rs.getLong(1));
      assertEquals(2000, rs.getLong(2));
    }
  }

  @Test
  void volumeSnapshotsAreKeptTwoDeepAndTheGarbageCollectorRemovesTheOldest() {
    installSnapshotCrd();
    Cluster.claim(k, NS, "shop-vm-root");
    Cluster.apply(
        k,
        policy(
            "shop-vm-snapshots",
            String.join(
                "\n",
                "  source:",
                "    volumeSnapshots:",
                "      claims: [shop-vm-root]",
                "      volumeSnapshotClassName: fake-snapclass",
                "      keep: 2",
                "")));
    List<String> runs = List.of("shop-vm-1", "shop-vm-2", "shop-vm-3");
    for (String name : runs) {
      Cluster.applyManualRun(k, NS, "shop-vm-snapshots", name);
      GenericKubernetesResource snapshot =
          Await.until(
              "the VolumeSnapshot of " + name,
              Duration.ofMinutes(2),
              () -> snapshotsOf(name).stream().findFirst());
      assertEquals(
          "shop-vm-root",
          ((Map<?, ?>) ((Map<?, ?>) snapshot.get("spec")).get("source"))
              .get("persistentVolumeClaimName"));
      FakeSnapshotController.reportReady(k, snapshot);
      GenericKubernetesResource run =
          Cluster.awaitFinished(k, "BackupRun", NS, name, Duration.ofMinutes(2));
      assertEquals("Succeeded", Cluster.phase(run).orElseThrow(), "run: " + Cluster.status(run));
    }
    // keep: 2 — retention deletes the oldest run; the garbage collector follows its
    // ownerReference to the VolumeSnapshot (the CSI driver would then delete the content).
    Await.until(
        "the first run and its VolumeSnapshot gone",
        Duration.ofMinutes(3),
        () ->
            Cluster.cadang(k, "BackupRun").inNamespace(NS).withName("shop-vm-1").get() == null
                && snapshotsOf("shop-vm-1").isEmpty());
    assertEquals(1, snapshotsOf("shop-vm-2").size());
    assertEquals(1, snapshotsOf("shop-vm-3").size());
    assertNull(Cluster.cadang(k, "BackupRun").inNamespace(NS).withName("shop-vm-1").get());
  }

  /**
   * Stands in for the CSI external-snapshotter, which does not run here: it writes what that
   * controller writes when a snapshot is cut (readyToUse, creationTime, restoreSize).
   */
  static final class FakeSnapshotController {
    private FakeSnapshotController() {}

    static void reportReady(KubernetesClient client, GenericKubernetesResource snapshot) {
      snapshot
          .getAdditionalProperties()
          .put(
              "status",
              Map.of(
                  "readyToUse",
                  true,
                  "creationTime",
                  Instant.now().toString(),
                  "restoreSize",
                  "1Gi",
                  "boundVolumeSnapshotContentName",
                  "snapcontent-" + snapshot.getMetadata().getUid()));
      client.genericKubernetesResources(SNAPSHOTS).resource(snapshot).updateStatus();
    }
  }

  private static final ResourceDefinitionContext SNAPSHOTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("snapshot.storage.k8s.io")
          .withVersion("v1")
          .withKind("VolumeSnapshot")
          .withPlural("volumesnapshots")
          .withNamespaced(true)
          .build();

  /** The external-snapshotter's CRD reduced to names, scope and a status subresource. */
  private void installSnapshotCrd() {
    k.apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("volumesnapshots.snapshot.storage.k8s.io")
                // *.k8s.io groups need this; the upstream CRD names its approving pull request.
                .addToAnnotations(
                    "api-approved.kubernetes.io", "unapproved, end-to-end test stand-in")
                .endMetadata()
                .withNewSpec()
                .withGroup("snapshot.storage.k8s.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("VolumeSnapshot")
                .withPlural("volumesnapshots")
                .withSingular("volumesnapshot")
                .withListKind("VolumeSnapshotList")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build())
        .create();
    Await.until(
        "the VolumeSnapshot API to be served",
        Duration.ofMinutes(1),
        () -> {
          try {
            k.genericKubernetesResources(SNAPSHOTS).inNamespace(NS).list();
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  private List<GenericKubernetesResource> snapshotsOf(String run) {
    return k.genericKubernetesResources(SNAPSHOTS)
        .inNamespace(NS)
        .withLabel("cadang.io/backup-run", run)
        .list()
        .getItems();
  }

  private ConfigMap settings() {
    return k.configMaps().inNamespace(NS).withName("web-settings").get();
  }

  private GenericKubernetesResource manualRun(String policy, String name) {
    Cluster.applyManualRun(k, NS, policy, name);
    return Cluster.awaitFinished(k, "BackupRun", NS, name, Duration.ofMinutes(4));
  }

  /** Spec lines after {@code spec:}; the schedule never comes round during a test. */
  private static String policy(String name, String spec) {
    return String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: BackupPolicy",
            "metadata: {name: " + name + ", namespace: " + NS + "}",
            "spec:",
            "  schedule: \"0 3 1 1 *\"",
            "")
        + spec;
  }

  private static String restore(String name, String policy, String target) {
    return String.join(
        "\n",
        "apiVersion: cadang.io/v1alpha1",
        "kind: RestoreRequest",
        "metadata: {name: " + name + ", namespace: " + NS + "}",
        "spec:",
        "  source: {policy: " + policy + "}",
        "  target:",
        target,
        "");
  }

  private static long number(Object value) {
    assertTrue(value instanceof Number, "a number: " + value);
    return ((Number) value).longValue();
  }

  private static void write(Path file, byte[] data) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, data);
  }
}
