package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The backup life cycle on a real control plane: a per-minute schedule, Jobs run by the real Job
 * controller, encryption under a Vault transit key reached through Kubernetes auth, retention,
 * garbage collection, and a restore into a new database with verification.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupAndRestoreE2E {
  private static final String POLICY = "shop-minutely";
  private static final String PREFIX = "e2e/minutely";
  private final E2EEnvironment env = E2EEnvironment.get();
  private final KubernetesClient k = env.admin;

  @Test
  @Order(1)
  void perMinuteScheduleProducesRunsEncryptedUnderVaultWithKubernetesAuth() {
    Cluster.apply(k, env.minutelyPolicy(POLICY, PREFIX, "shop", "  retention:\n    keepLast: 2\n"));
    List<GenericKubernetesResource> succeeded =
        Await.until(
            "two succeeded runs of " + POLICY,
            Duration.ofMinutes(5),
            () -> {
              List<GenericKubernetesResource> done = succeededRuns();
              return done.size() >= 2 ? Optional.of(done) : Optional.empty();
            });
    GenericKubernetesResource run = succeeded.get(succeeded.size() - 1);
    String name = run.getMetadata().getName();
    Job job = k.batch().v1().jobs().inNamespace(E2EEnvironment.APP_NS).withName(name).get();
    List<EnvVar> jobEnv = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertTrue(
        jobEnv.stream().noneMatch(e -> e.getName().contains("VAULT_TOKEN")),
        "no static Vault token");
    assertTrue(
        job.getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs()
            .contains("--vault-auth=kubernetes"));
    // The data key in the manifest is wrapped by Vault transit (ciphertext "vault:v1:...").
    String manifest =
        new String(
            env.s3.read(E2EEnvironment.BUCKET, PREFIX + "/backups/" + name + "/manifest.json"),
            StandardCharsets.UTF_8);
    assertTrue(
        manifest.contains("\"vault:v1:"),
        "data key wrapped by Vault transit: "
            + manifest.substring(0, Math.min(400, manifest.length())));
    assertTrue(Cluster.status(run).get("keyId").toString().contains(E2EEnvironment.TRANSIT_KEY));
  }

  @Test
  @Order(2)
  void retentionKeepsTheLastTwoAndDeletesTheOthersWithTheirObjectsAndJobs() {
    Await.until(
        "retention to leave two succeeded runs",
        Duration.ofMinutes(4),
        () -> succeededRuns().size() == 2 && deletedSoFar() >= 1);
    // A deleted run's objects go in its finalizer, moments after retention's Event (a CI run once
    // listed them in between), and the next minute's run may be finishing: wait for a moment at
    // which S3 holds exactly the kept runs' backups.
    List<String> kept =
        Await.until(
            "objects in S3 to be exactly those of the kept runs",
            Duration.ofMinutes(2),
            () -> {
              List<String> names =
                  succeededRuns().stream().map(r -> r.getMetadata().getName()).sorted().toList();
              return names.size() == 2 && names.equals(storedBackups())
                  ? Optional.of(names)
                  : Optional.empty();
            });
    // The deleted runs' Jobs went with them: the garbage collector follows ownerReferences.
    Await.until(
        "Jobs of deleted runs garbage-collected",
        Duration.ofMinutes(2),
        () ->
            k
                .batch()
                .v1()
                .jobs()
                .inNamespace(E2EEnvironment.APP_NS)
                .withLabel("cadang.io/policy", POLICY)
                .list()
                .getItems()
                .stream()
                .allMatch(j -> kept.contains(j.getMetadata().getName()) || !isSucceededJob(j)));
  }

  @Test
  @Order(3)
  void restoreIntoANewDatabaseVerifiesRowCounts() throws Exception {
    Cluster.apply(k, env.restoreRequest("shop-restore", POLICY, "shop_restored"));
    GenericKubernetesResource done =
        Cluster.awaitFinished(
            k, "RestoreRequest", E2EEnvironment.APP_NS, "shop-restore", Duration.ofMinutes(4));
    assertEquals(
        "Succeeded", Cluster.phase(done).orElseThrow(), "restore status: " + Cluster.status(done));
    try (Connection c = env.connect("shop_restored");
        Statement s = c.createStatement()) {
      ResultSet rs =
          s.executeQuery("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders)");
      rs.next();
      assertEquals(500, rs.getLong(1));
      assertEquals(2000, rs.getLong(2));
    }
  }

  @Test
  @Order(4)
  void onlyTheBackupAdminRoleMayCreateARestoreRequest() {
    bind("dev", "edit");
    bind("ops", "cadang-backup-admin");
    String request =
        String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: RestoreRequest",
            "metadata: {name: self-service, namespace: " + E2EEnvironment.APP_NS + "}",
            "spec:",
            "  source: {policy: " + POLICY + "}",
            "  target:",
            "    sourceDatabase: shop",
            "    database: {host: 127.0.0.1, name: shop_self_service, createDatabase: true, credentialsSecret: {name: shop-db}}",
            "");
    try (KubernetesClient dev = env.controlPlane.as("dev")) {
      KubernetesClientException e =
          assertThrows(
              KubernetesClientException.class,
              () -> dev.resource(load(dev, request)).dryRun().create());
      assertEquals(403, e.getCode(), e.getMessage());
    }
    try (KubernetesClient ops = env.controlPlane.as("ops")) {
      ops.resource(load(ops, request)).dryRun().create();
    }
  }

  @Test
  @Order(5)
  void deletingARunMarkedDeleteDataGarbageCollectsItsJobAndObjects() {
    GenericKubernetesResource run = succeededRuns().get(0);
    String name = run.getMetadata().getName();
    assertNotNull(
        k.batch().v1().jobs().inNamespace(E2EEnvironment.APP_NS).withName(name).get(),
        "the run's Job exists before");
    // Data goes only on purpose: the admin (purge allowed) marks the run, then deletes it.
    Cluster.cadang(k, "BackupRun")
        .inNamespace(E2EEnvironment.APP_NS)
        .withName(name)
        .edit(
            r -> {
              r.getMetadata()
                  .setAnnotations(
                      new java.util.HashMap<>(java.util.Map.of("cadang.io/delete-data", "true")));
              return r;
            });
    Cluster.cadang(k, "BackupRun").inNamespace(E2EEnvironment.APP_NS).withName(name).delete();
    Await.until(
        "Job " + name + " garbage-collected and its objects deleted",
        Duration.ofMinutes(2),
        () ->
            k.batch().v1().jobs().inNamespace(E2EEnvironment.APP_NS).withName(name).get() == null
                && !storedBackups().contains(name));
    assertNull(
        Cluster.cadang(k, "BackupRun").inNamespace(E2EEnvironment.APP_NS).withName(name).get());
  }

  private static io.fabric8.kubernetes.api.model.HasMetadata load(KubernetesClient c, String yaml) {
    return c.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items().get(0);
  }

  private void bind(String user, String clusterRole) {
    k.rbac()
        .roleBindings()
        .inNamespace(E2EEnvironment.APP_NS)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(user + "-" + clusterRole)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .createOr(existing -> existing.update());
  }

  private static boolean isSucceededJob(Job j) {
    return j.getStatus() != null
        && j.getStatus().getSucceeded() != null
        && j.getStatus().getSucceeded() > 0;
  }

  private List<GenericKubernetesResource> succeededRuns() {
    return Cluster.runsOf(k, E2EEnvironment.APP_NS, POLICY).stream()
        .filter(r -> Cluster.phase(r).filter("Succeeded"::equals).isPresent())
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(r -> r.getMetadata().getName()))
        .toList();
  }

  /** Backup ids with a manifest in the repository. */
  private List<String> storedBackups() {
    return env.s3.keys(E2EEnvironment.BUCKET, PREFIX + "/backups/").stream()
        .filter(key -> key.endsWith("/manifest.json"))
        .map(
            key ->
                key.substring(
                    (PREFIX + "/backups/").length(), key.length() - "/manifest.json".length()))
        .sorted()
        .toList();
  }

  /** Runs retention has deleted, from the policy's Events. */
  private int deletedSoFar() {
    return (int)
        k.v1().events().inNamespace(E2EEnvironment.APP_NS).list().getItems().stream()
            .filter(
                e ->
                    e.getInvolvedObject() != null && POLICY.equals(e.getInvolvedObject().getName()))
            .filter(e -> e.getReason() != null && e.getReason().toLowerCase().contains("retention"))
            .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
            .sum();
  }
}
