package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A lost cluster rebuilt from its repository. Backups are taken in the shared environment's cluster
 * (cluster 1), whose policy is then deleted; a second, fresh control plane (its own etcd, node and
 * operator) is given only the same policy, Secrets and a RestoreRequest, and must find every
 * complete backup in S3, restore one by id, keep data unless deletion is explicit and authorized,
 * refuse half-written and tampered backups, and spare imported backups from retention until told.
 *
 * <p>Encryption uses a master key in a Secret (copied to cluster 2 as a user would), not Vault:
 * Vault's Kubernetes auth trusts cluster 1's API server only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings("unchecked")
class ClusterLossE2E {
  private static final String NS = "dr";
  private static final String POLICY = "shop-dr";
  private static final String PREFIX = "e2e/cluster-loss";
  private static final String DATABASE = "dr_shop";
  private static final String RESTORED = "dr_shop_restored";
  private static final String KEY_SECRET = "dr-master-key";
  private static final String RESTORE = "dr-restore";
  private static final List<String> RUNS = List.of("shop-dr-1", "shop-dr-2", "shop-dr-3");
  private static final int ROWS_PER_RUN = 100;

  private static final String HALF_WRITTEN = "shop-dr-half-written";
  private static final String RESIZED = "shop-dr-resized";
  private static final String DAMAGED = "shop-dr-damaged";

  private static final String LEDGER = "ledger-dr";
  private static final String LEDGER_PREFIX = "e2e/cluster-loss-pitr";
  private static final String LEDGER_BASE = "ledger-dr-base";
  private static final String LEDGER_CLAIM = "ledger-dr-rebuild";
  private static final String LEDGER_RESTORE = "ledger-dr-before-the-mistake";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static E2EEnvironment env;
  private static CompletableFuture<SecondCluster> starting;
  private static SecondCluster second;
  private static S3Objects bucket;
  private static String masterKey;

  /** What cluster 1 knew of each run: its status, to compare with the imported one. */
  private static final Map<String, Map<String, Object>> original = new HashMap<>();

  private final KubernetesClient one = E2EEnvironment.get().admin;

  @BeforeAll
  static void startTheSecondClusterAndPrepareTheFirst() throws Exception {
    env = E2EEnvironment.get();
    // The second control plane starts while cluster 1 takes the backups.
    starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return env.startAnotherCluster("cluster-2", NS);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    bucket = new S3Objects(env.s3, E2EEnvironment.BUCKET);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    masterKey = Base64.getEncoder().encodeToString(key);

    KubernetesClient k = env.admin;
    k.namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .endMetadata()
                .build())
        .create();
    // The chart of cluster 1 made the agent's account for the shared namespace only.
    k.serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(E2EEnvironment.AGENT_SA)
                .endMetadata()
                .build())
        .create();
    createSecrets(k, true);
    try (Connection c = env.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection c = env.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders(id int primary key, note text not null)");
    }
  }

  @AfterAll
  static void stopTheSecondCluster() throws Exception {
    if (bucket != null) {
      bucket.close();
    }
    if (second != null) {
      second.close();
    } else if (starting != null) {
      starting.handle((c, e) -> c).thenAccept(ClusterLossE2E::closeQuietly);
    }
  }

  @Test
  @Order(1)
  void theFirstClusterTakesThreeBackupsThenLosesThePolicyButNoObject() throws Exception {
    Cluster.apply(one, policy(""));
    for (int i = 0; i < RUNS.size(); i++) {
      addRows(i * ROWS_PER_RUN + 1);
      String run = RUNS.get(i);
      Cluster.applyManualRun(one, NS, POLICY, run);
      GenericKubernetesResource done =
          Cluster.awaitFinished(one, "BackupRun", NS, run, Duration.ofMinutes(3));
      assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "run: " + Cluster.status(done));
      assertEquals(run, Cluster.status(done).get("backupId"), "backup id = run name");
      original.put(run, Cluster.status(done));
    }
    // The first sync of cluster 1 marked the repository as this policy's.
    JsonNode marker = JSON.readTree(bucket.read(PREFIX + "/cadang-repository.json"));
    assertEquals(NS, marker.path("namespace").asText(), marker.toString());
    assertEquals(POLICY, marker.path("policy").asText(), marker.toString());

    Map<String, Long> stored = bucket.list(PREFIX + "/");
    for (String run : RUNS) {
      assertTrue(stored.containsKey(manifestKey(run)), run + " has a manifest: " + stored);
    }
    // The loss, as far as this repository is concerned: cluster 1's policy goes, then its runs
    // (manual runs are not owned by the policy), as when a cluster is torn down. Neither
    // deletes data.
    Cluster.cadang(one, "BackupPolicy").inNamespace(NS).withName(POLICY).delete();
    Await.until(
        "cluster 1's policy " + POLICY + " to be gone",
        Duration.ofMinutes(1),
        () -> Cluster.cadang(one, "BackupPolicy").inNamespace(NS).withName(POLICY).get() == null);
    assertEquals(stored, bucket.list(PREFIX + "/"), "every object left after the policy went");
    for (String run : RUNS) {
      Cluster.cadang(one, "BackupRun").inNamespace(NS).withName(run).delete();
    }
    Await.until(
        "cluster 1's runs of " + POLICY + " to be gone",
        Duration.ofMinutes(1),
        () -> RUNS.stream().allMatch(r -> run(one, r) == null));
    assertEquals(stored, bucket.list(PREFIX + "/"), "every object left after the runs went");
    for (String run : RUNS) {
      Await.until(
          "Event ObjectsKept on " + run + " in cluster 1",
          Duration.ofSeconds(30),
          () ->
              events(one, "ObjectsKept").stream()
                  .anyMatch(e -> run.equals(e.getInvolvedObject().getName())));
    }
  }

  @Test
  @Order(2)
  void aFreshClusterGivenThePolicyAndARestoreRequestWaitsThenImportsEveryBackup() {
    second = starting.join();
    KubernetesClient two = second.admin;
    // Everything but the S3 credentials: the policy cannot list its repository yet, so a restore
    // of a backup id it has not imported must wait for the sync instead of failing.
    createSecrets(two, false);
    Cluster.apply(two, policy("") + "---\n" + restoreById());
    GenericKubernetesResource waiting =
        Await.until(
            "RestoreRequest " + RESTORE + " Pending with reason WaitingForSync",
            Duration.ofMinutes(1),
            () ->
                Optional.ofNullable(restore(two))
                    .filter(
                        r ->
                            Cluster.condition(r, "Complete")
                                .map(c -> "WaitingForSync".equals(c.get("reason")))
                                .orElse(false)));
    assertEquals("Pending", Cluster.phase(waiting).orElseThrow(), "" + Cluster.status(waiting));
    assertTrue(
        Cluster.cadang(two, "BackupRun").inNamespace(NS).list().getItems().isEmpty(),
        "nothing imported before the repository can be read");

    createS3Secret(two);
    for (String run : RUNS) {
      GenericKubernetesResource imported =
          Await.until(
              "run " + run + " imported into cluster 2",
              Duration.ofMinutes(2),
              () ->
                  Optional.ofNullable(run(two, run))
                      .filter(r -> Cluster.phase(r).filter("Succeeded"::equals).isPresent()));
      assertImported(imported, run);
    }
    GenericKubernetesResource policy =
        Await.until(
            "status.sync.lastSyncedTime and RepositorySynced=True on " + POLICY,
            Duration.ofMinutes(1),
            () ->
                Optional.ofNullable(policy(two))
                    .filter(p -> Cluster.statusAt(p, "sync", "lastSyncedTime") != null)
                    .filter(
                        p ->
                            Cluster.condition(p, "RepositorySynced")
                                .map(c -> "True".equals(c.get("status")))
                                .orElse(false)));
    Map<String, Object> synced = Cluster.condition(policy, "RepositorySynced").orElseThrow();
    assertEquals("Synced", synced.get("reason"), "" + synced);
    assertEquals(3L, number(Cluster.statusAt(policy, "sync", "backups")), "" + statusSync(policy));
    assertEquals(3L, number(Cluster.statusAt(policy, "sync", "imported")), "" + statusSync(policy));
    assertEquals(0L, number(Cluster.statusAt(policy, "sync", "refused")), "" + statusSync(policy));
    assertFalse(events(two, "BackupsImported").isEmpty(), "Normal Event BackupsImported");
    assertEquals(
        List.of(),
        Cluster.runsOf(two, NS, POLICY).stream()
            .map(r -> r.getMetadata().getName())
            .filter(n -> !RUNS.contains(n))
            .toList(),
        "no other run: the never-coming schedule made none, the sync nothing else");
  }

  @Test
  @Order(3)
  void theRestoreByBackupIdRestoresThatBackupIntoANewDatabase() throws Exception {
    KubernetesClient two = second.admin;
    GenericKubernetesResource done =
        Cluster.awaitFinished(two, "RestoreRequest", NS, RESTORE, Duration.ofMinutes(4));
    Map<String, Object> status = Cluster.status(done);
    assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "restore status: " + status);
    assertEquals(RUNS.get(1), status.get("resolvedBackupRun"), "" + status);
    assertEquals(RUNS.get(1), status.get("backupId"), "" + status);
    // The second backup had 200 rows; the database has 300 now and the others 100 / 300.
    try (Connection c = env.connect(RESTORED);
        Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT count(*), max(id) FROM orders");
      rs.next();
      assertEquals(2 * ROWS_PER_RUN, rs.getLong(1));
      assertEquals(2 * ROWS_PER_RUN, rs.getLong(2));
    }
  }

  @Test
  @Order(4)
  void aPlainDeleteKeepsTheObjectsAndTheNextSyncBringsTheRunBack() {
    KubernetesClient two = second.admin;
    String name = RUNS.get(0);
    Map<String, Long> objects = objectsOf(name);
    assertTrue(objects.containsKey(manifestKey(name)), "" + objects);
    String uid = run(two, name).getMetadata().getUid();
    Cluster.cadang(two, "BackupRun").inNamespace(NS).withName(name).delete();
    GenericKubernetesResource back =
        Await.until(
            "run " + name + " deleted and imported again",
            Duration.ofMinutes(1),
            () ->
                Optional.ofNullable(run(two, name))
                    .filter(r -> !uid.equals(r.getMetadata().getUid()))
                    .filter(r -> Cluster.phase(r).filter("Succeeded"::equals).isPresent()));
    assertImported(back, name);
    assertEquals(objects, objectsOf(name), "every object of " + name + " kept");
    Await.until(
        "Event ObjectsKept on " + name + " in cluster 2",
        Duration.ofSeconds(30),
        () ->
            events(two, "ObjectsKept").stream()
                .anyMatch(e -> name.equals(e.getInvolvedObject().getName())));
  }

  @Test
  @Order(5)
  void deletingTheDataTakesThePurgeVerbAndThenRemovesTheObjects() {
    KubernetesClient two = second.admin;
    String name = RUNS.get(0);
    bindClusterRole(two, "dev", "edit");
    bindClusterRole(two, "ops", "cadang-backup-admin");
    two.rbac()
        .roles()
        .inNamespace(NS)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("run-janitor")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("cadang.io")
                        .withResources("backupruns", "backuppolicies")
                        .withVerbs("get", "list", "watch", "patch", "delete")
                        .build())
                .build())
        .create();
    two.rbac()
        .roleBindings()
        .inNamespace(NS)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("janitor-run-janitor")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "run-janitor")
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName("janitor")
                .endSubject()
                .build())
        .create();

    try (KubernetesClient dev = second.controlPlane.as("dev")) {
      KubernetesClientException e =
          assertThrows(KubernetesClientException.class, () -> annotate(dev, name, "true"));
      assertEquals(403, e.getCode(), "edit has no rights on Cadang's resources: " + e.getMessage());
    }
    try (KubernetesClient janitor = second.controlPlane.as("janitor")) {
      // RBAC lets it patch the run: another annotation goes through...
      janitor
          .genericKubernetesResources("cadang.io/v1alpha1", "BackupRun")
          .inNamespace(NS)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"example.com/note\":\"checked\"}}}");
      // ...but the admission policy refuses the delete-data mark without purge.
      KubernetesClientException e =
          assertThrows(KubernetesClientException.class, () -> annotate(janitor, name, "true"));
      assertEquals(403, e.getCode(), e.getMessage());
      assertTrue(e.getMessage().contains("purge"), e.getMessage());
      // Nor may it make every plain delete a purge through the policy.
      KubernetesClientException policyEdit =
          assertThrows(
              KubernetesClientException.class,
              () ->
                  Cluster.cadang(janitor, "BackupPolicy")
                      .inNamespace(NS)
                      .withName(POLICY)
                      .dryRun()
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"spec\":{\"deletionPolicy\":\"Delete\"}}"));
      assertEquals(403, policyEdit.getCode(), policyEdit.getMessage());
      assertTrue(policyEdit.getMessage().contains("purge"), policyEdit.getMessage());
    }
    assertNull(
        run(two, name).getMetadata().getAnnotations().get("cadang.io/delete-data"),
        "no mark after the refusals");

    Map<String, Long> objects = objectsOf(name);
    Instant deleted;
    try (KubernetesClient ops = second.controlPlane.as("ops")) {
      annotate(ops, name, "true");
      Cluster.cadang(ops, "BackupRun").inNamespace(NS).withName(name).delete();
      deleted = Instant.now();
    }
    Await.until(
        "run " + name + " and its " + objects.size() + " objects deleted",
        Duration.ofMinutes(1),
        () -> run(two, name) == null && objectsOf(name).isEmpty());
    awaitSyncAfter(two, deleted.plusSeconds(1));
    assertNull(run(two, name), "a purged backup is not imported again");
    assertEquals(2L, number(Cluster.statusAt(policy(two), "sync", "backups")));
  }

  @Test
  @Order(6)
  void halfWrittenAndTamperedBackupsAreRefusedAndKept() throws Exception {
    KubernetesClient two = second.admin;
    String source = RUNS.get(2);
    Map<String, Long> sourceObjects = objectsOf(source);
    String dataKey =
        sourceObjects.keySet().stream()
            .filter(k -> !k.endsWith("/manifest.json"))
            .findFirst()
            .orElseThrow();
    String dataName = dataKey.substring(dataKey.lastIndexOf('/') + 1);
    // A backup whose Job died before the manifest: data but no manifest.json.
    bucket.copy(dataKey, folder(HALF_WRITTEN) + dataName);
    // A complete-looking copy whose manifest was edited: one object's size is not what it says.
    copyBackup(
        PREFIX,
        source,
        RESIZED,
        manifest -> {
          ObjectNode first = (ObjectNode) manifest.path("objects").get(0);
          first.put("storedBytes", first.path("storedBytes").asLong() + 1);
        });
    // A manifest cut off in the middle.
    bucket.copy(dataKey, folder(DAMAGED) + dataName);
    byte[] whole = bucket.read(manifestKey(source));
    bucket.put(manifestKey(DAMAGED), java.util.Arrays.copyOf(whole, whole.length / 2));
    Map<String, Long> planted = plantedObjects();
    assertEquals(sourceObjects.size() + 3, planted.size(), "objects planted: " + planted.keySet());

    GenericKubernetesResource policy =
        Await.until(
            "RepositorySynced=False reason BackupsRefused with 3 refused",
            Duration.ofMinutes(1),
            () ->
                Optional.ofNullable(policy(two))
                    .filter(p -> number(Cluster.statusAt(p, "sync", "refused")) == 3L)
                    .filter(
                        p ->
                            Cluster.condition(p, "RepositorySynced")
                                .map(c -> "BackupsRefused".equals(c.get("reason")))
                                .orElse(false)));
    Map<String, Object> condition = Cluster.condition(policy, "RepositorySynced").orElseThrow();
    assertEquals("False", condition.get("status"), "" + condition);
    @SuppressWarnings("unchecked")
    List<String> refused = (List<String>) Cluster.statusAt(policy, "sync", "refusedBackups");
    assertNotNull(refused, "" + statusSync(policy));
    assertTrue(
        refused.stream().anyMatch(r -> r.startsWith(HALF_WRITTEN + ": incomplete")), "" + refused);
    assertTrue(
        refused.stream().anyMatch(r -> r.startsWith(RESIZED + ": ") && r.contains("bytes")),
        "" + refused);
    assertTrue(
        refused.stream().anyMatch(r -> r.startsWith(DAMAGED + ": manifest.json is damaged")),
        "" + refused);
    for (String id : List.of(HALF_WRITTEN, RESIZED, DAMAGED)) {
      Await.until(
          "Warning Event BackupRefused naming " + id,
          Duration.ofSeconds(30),
          () ->
              events(two, "BackupRefused").stream()
                  .anyMatch(
                      e -> "Warning".equals(e.getType()) && e.getMessage().contains(id + ": ")));
      assertNull(run(two, id), id + " not imported");
    }
    assertTrue(
        events(two, "RepositoryNotSynced").stream()
            .anyMatch(
                e -> "Warning".equals(e.getType()) && e.getMessage().contains("not imported")),
        "Warning RepositoryNotSynced: " + describe(events(two, "RepositoryNotSynced")));
    // Refused is not deleted, not even after further passes.
    awaitSyncAfter(two, Instant.now());
    assertEquals(planted, plantedObjects(), "refused backups stay in the repository");
    for (String id : List.of(HALF_WRITTEN, RESIZED, DAMAGED)) {
      assertNull(run(two, id), id + " not imported");
    }
  }

  @Test
  @Order(7)
  void retentionSparesImportedBackupsUntilPruneImported() {
    KubernetesClient two = second.admin;
    String older = RUNS.get(1);
    String newest = RUNS.get(2);
    Map<String, Long> olderObjects = objectsOf(older);
    patchPolicy(two, "{\"spec\":{\"retention\":{\"keepLast\":1}}}");
    GenericKubernetesResource policy =
        Await.until(
            "status.sync.retentionWouldDelete = [" + older + "]",
            Duration.ofMinutes(1),
            () ->
                Optional.ofNullable(policy(two))
                    .filter(
                        p ->
                            List.of(older)
                                .equals(Cluster.statusAt(p, "sync", "retentionWouldDelete"))));
    assertNotNull(
        run(two, older), "imported run kept while pruneImported is false: " + statusSync(policy));
    assertNotNull(run(two, newest));
    assertEquals(olderObjects, objectsOf(older));
    assertTrue(
        events(two, "RetentionDeleted").isEmpty(), describe(events(two, "RetentionDeleted")));

    Map<String, Long> planted = plantedObjects();
    Map<String, Long> newestObjects = objectsOf(newest);
    patchPolicy(two, "{\"spec\":{\"repositorySync\":{\"pruneImported\":true}}}");
    Await.until(
        "retention to delete " + older + " and its objects",
        Duration.ofMinutes(1),
        () -> run(two, older) == null && objectsOf(older).isEmpty());
    assertTrue(
        events(two, "RetentionDeleted").stream().anyMatch(e -> e.getMessage().contains(older)),
        describe(events(two, "RetentionDeleted")));
    awaitSyncAfter(two, Instant.now());
    assertNull(run(two, older), "not imported again");
    assertNotNull(run(two, newest), "the newest stays");
    assertEquals(newestObjects, objectsOf(newest));
    assertEquals(planted, plantedObjects(), "retention leaves refused backups alone");
    assertNull(
        Cluster.statusAt(policy(two), "sync", "retentionWouldDelete"),
        "" + statusSync(policy(two)));
  }

  @Test
  @Order(8)
  void aPolicyOfAnotherNameFindsTheRepositoryForeign() {
    KubernetesClient two = second.admin;
    Cluster.apply(two, policy("").replace("name: " + POLICY + ",", "name: intruder,"));
    GenericKubernetesResource intruder =
        Await.until(
            "RepositorySynced=False reason ForeignRepository on intruder",
            Duration.ofMinutes(1),
            () ->
                Optional.ofNullable(
                        Cluster.cadang(two, "BackupPolicy")
                            .inNamespace(NS)
                            .withName("intruder")
                            .get())
                    .filter(
                        p ->
                            Cluster.condition(p, "RepositorySynced")
                                .map(c -> "ForeignRepository".equals(c.get("reason")))
                                .orElse(false)));
    String message =
        (String) Cluster.condition(intruder, "RepositorySynced").orElseThrow().get("message");
    assertTrue(message.contains(NS + "/" + POLICY) && message.contains(NS + "/intruder"), message);
    assertTrue(
        Cluster.runsOf(two, NS, "intruder").isEmpty(), "nothing imported into a foreign policy");
    Cluster.cadang(two, "BackupPolicy").inNamespace(NS).withName("intruder").delete();
  }

  @Test
  @Order(9)
  void aPointInTimeRestoreInTheNewClusterUndoesAMistakeMadeBeforeTheLoss() throws Exception {
    KubernetesClient two = second.admin;
    try (ThrowawayPostgres ledger = ThrowawayPostgres.start(E2EEnvironment.PG_BIN)) {
      try (Connection c = connect(ledger);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE entries(id int primary key, note text not null)");
        s.execute(
            "INSERT INTO entries SELECT g, 'before the base backup ' || g"
                + " FROM generate_series(1, 1000) g");
      }
      for (KubernetesClient k : List.of(one, two)) {
        secret(k, "ledger-db", Map.of("username", "postgres", "password", ledger.password()));
      }
      Cluster.apply(one, physicalPolicy(ledger));
      Await.until(
          "WalArchiving=True on " + LEDGER + " in cluster 1",
          Duration.ofMinutes(3),
          () ->
              Optional.ofNullable(
                      Cluster.cadang(one, "BackupPolicy").inNamespace(NS).withName(LEDGER).get())
                  .flatMap(p -> Cluster.condition(p, "WalArchiving"))
                  .map(c -> "True".equals(c.get("status")))
                  .orElse(false));
      Cluster.applyManualRun(one, NS, LEDGER, LEDGER_BASE);
      GenericKubernetesResource base =
          Cluster.awaitFinished(one, "BackupRun", NS, LEDGER_BASE, Duration.ofMinutes(4));
      assertEquals("Succeeded", Cluster.phase(base).orElseThrow(), "" + Cluster.status(base));
      Map<String, Object> basePostgres = (Map<String, Object>) Cluster.statusAt(base, "postgres");

      String target;
      String mistakeLsn;
      try (Connection c = connect(ledger);
          Statement s = c.createStatement()) {
        for (int batch = 0; batch < 10; batch++) {
          int from = 1001 + batch * 10;
          s.execute(
              "INSERT INTO entries SELECT g, 'after the base backup ' || g FROM generate_series("
                  + from
                  + ", "
                  + (from + 9)
                  + ") g");
        }
        Thread.sleep(1100);
        target =
            text(
                s,
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(1100);
        // The mistake: half the ledger deleted.
        s.execute("DELETE FROM entries WHERE id % 2 = 0");
        mistakeLsn = text(s, "SELECT pg_current_wal_flush_lsn()::text");
      }
      Await.until(
          "cluster 1's WAL archive past the mistake at " + mistakeLsn,
          Duration.ofMinutes(1),
          () ->
              Optional.ofNullable(
                      Cluster.cadang(one, "BackupPolicy").inNamespace(NS).withName(LEDGER).get())
                  .map(p -> (String) Cluster.statusAt(p, "walArchive", "archivedLsn"))
                  .filter(lsn -> lsnValue(lsn) >= lsnValue(mistakeLsn))
                  .isPresent());
      // Cluster 1 is lost: its policy, WAL streamer and run go; the archive stays.
      Map<String, Long> archive = bucket.list(LEDGER_PREFIX + "/");
      Cluster.cadang(one, "BackupPolicy").inNamespace(NS).withName(LEDGER).delete();
      Cluster.cadang(one, "BackupRun").inNamespace(NS).withName(LEDGER_BASE).delete();
      Await.until(
          "cluster 1's " + LEDGER + " streamer and run gone",
          Duration.ofMinutes(2),
          () ->
              run(one, LEDGER_BASE) == null
                  && one.pods().inNamespace(NS).list().getItems().stream()
                      .noneMatch(p -> p.getMetadata().getName().startsWith(LEDGER + "-wal")));
      Map<String, Long> after = bucket.list(LEDGER_PREFIX + "/");
      archive.forEach(
          (k, size) ->
              assertTrue(after.containsKey(k), k + " still in the archive after the loss"));

      // Cluster 2: the same policy, a claim and a restore to just before the mistake.
      Cluster.claim(two, NS, LEDGER_CLAIM);
      Cluster.apply(
          two,
          physicalPolicy(ledger)
              + "---\n"
              + String.join(
                  "\n",
                  "apiVersion: cadang.io/v1alpha1",
                  "kind: RestoreRequest",
                  "metadata: {name: " + LEDGER_RESTORE + ", namespace: " + NS + "}",
                  "spec:",
                  "  source:",
                  "    policy: " + LEDGER,
                  "    pointInTime: {time: \"" + target + "\"}",
                  "  target:",
                  "    dataDirectory: {claimName: " + LEDGER_CLAIM + ", subPath: pgdata}",
                  "  verify: false",
                  ""));
      GenericKubernetesResource done =
          Cluster.awaitFinished(two, "RestoreRequest", NS, LEDGER_RESTORE, Duration.ofMinutes(5));
      Map<String, Object> status = Cluster.status(done);
      assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "restore status: " + status);
      assertEquals(LEDGER_BASE, status.get("resolvedBackupRun"), "" + status);
      GenericKubernetesResource imported = run(two, LEDGER_BASE);
      assertEquals("Imported", spec(imported).get("trigger"));
      Map<String, Object> importedPostgres =
          (Map<String, Object>) Cluster.statusAt(imported, "postgres");
      for (String fact : List.of("systemIdentifier", "timeline", "startLsn", "stopLsn")) {
        assertNotNull(basePostgres.get(fact), fact + " in " + basePostgres);
        assertEquals(
            String.valueOf(basePostgres.get(fact)),
            String.valueOf(importedPostgres.get(fact)),
            fact + " of the imported base backup");
      }

      Path dataDir = second.node().claimDirectory(NS, LEDGER_CLAIM).resolve("pgdata");
      try (ThrowawayPostgres rebuilt =
              ThrowawayPostgres.adopt(E2EEnvironment.PG_BIN, dataDir, ledger.password());
          Connection c = connect(rebuilt);
          Statement s = c.createStatement()) {
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE id % 2 = 0), max(id) FROM entries");
        rs.next();
        assertEquals(1100, rs.getLong(1), "every row committed before " + target);
        assertEquals(550, rs.getLong(2), "the rows the mistake deleted are back");
        assertEquals(1100, rs.getLong(3));
      }

      // A base backup of another PostgreSQL system in this archive is refused, not imported.
      String otherSystem = "ledger-dr-other-system";
      copyBackup(
          LEDGER_PREFIX,
          LEDGER_BASE,
          otherSystem,
          manifest -> ((ObjectNode) manifest.path("physical")).put("systemIdentifier", "42"));
      GenericKubernetesResource ledgerPolicy =
          Await.until(
              otherSystem + " refused by " + LEDGER + " in cluster 2",
              Duration.ofMinutes(1),
              () ->
                  Optional.ofNullable(
                          Cluster.cadang(two, "BackupPolicy")
                              .inNamespace(NS)
                              .withName(LEDGER)
                              .get())
                      .filter(
                          p ->
                              String.valueOf(Cluster.statusAt(p, "sync", "refusedBackups"))
                                  .contains(
                                      otherSystem + ": base backup of PostgreSQL system 42")));
      assertEquals(
          "BackupsRefused",
          Cluster.condition(ledgerPolicy, "RepositorySynced").orElseThrow().get("reason"));
      assertNull(run(two, otherSystem), "a foreign system's base backup is not imported");
      assertFalse(bucket.list(LEDGER_PREFIX + "/backups/" + otherSystem + "/").isEmpty());
    }
  }

  private static String physicalPolicy(ThrowawayPostgres ledger) {
    return String.join(
        "\n",
        "apiVersion: cadang.io/v1alpha1",
        "kind: BackupPolicy",
        "metadata: {name: " + LEDGER + ", namespace: " + NS + "}",
        "spec:",
        "  schedule: \"0 3 1 1 *\"",
        "  method: Physical",
        "  pitr:",
        "    enabled: true",
        "    targetRpo: 1m",
        "    partialUploadInterval: 1s",
        "  source:",
        "    postgres:",
        "      host: 127.0.0.1",
        "      port: " + ledger.port(),
        "      allDatabases: true",
        "      sslMode: disable",
        "      credentialsSecret: {name: ledger-db}",
        "  storage:",
        "    primary:",
        env.s3Repository(LEDGER_PREFIX),
        "  encryption:",
        "    secretKey: {name: " + KEY_SECRET + ", key: master.key}",
        "  repositorySync:",
        "    interval: 10s",
        "");
  }

  private static Connection connect(ThrowawayPostgres pg) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", pg.password());
  }

  private static String text(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** PostgreSQL's X/Y LSN notation as the 64-bit number it stands for. */
  private static long lsnValue(String lsn) {
    String[] parts = lsn.split("/");
    return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
  }

  // --- helpers ---

  private static void assertImported(GenericKubernetesResource run, String name) {
    Map<String, Object> status = Cluster.status(run);
    Map<String, Object> before = original.get(name);
    assertEquals(name, run.getMetadata().getName());
    assertEquals("Imported", spec(run).get("trigger"), "trigger of " + name);
    assertEquals(POLICY, run.getMetadata().getLabels().get("cadang.io/policy"));
    assertEquals("imported", run.getMetadata().getLabels().get("cadang.io/origin"));
    List<OwnerReference> owners = run.getMetadata().getOwnerReferences();
    assertTrue(
        owners != null
            && owners.stream()
                .anyMatch(o -> "BackupPolicy".equals(o.getKind()) && POLICY.equals(o.getName())),
        "owned by the policy: " + owners);
    assertEquals(name, status.get("backupId"));
    assertEquals(before.get("backupId"), status.get("backupId"));
    assertEquals(before.get("kind"), status.get("kind"), "kind of " + name);
    assertEquals(before.get("keyId"), status.get("keyId"), "keyId of " + name);
    assertEquals(
        number(before.get("storedBytes")), number(status.get("storedBytes")), "storedBytes");
    assertNotNull(status.get("startTime"));
    assertNotNull(status.get("completionTime"));
    assertEquals(artifactKeys(before), artifactKeys(status), "artifacts of " + name);
    Map<String, Object> complete = Cluster.condition(run, "Complete").orElseThrow();
    assertEquals("True", complete.get("status"), "" + complete);
    assertEquals("Imported", complete.get("reason"), "" + complete);
  }

  @SuppressWarnings("unchecked")
  private static List<String> artifactKeys(Map<String, Object> status) {
    Object artifacts = status.get("artifacts");
    assertTrue(artifacts instanceof List && !((List<?>) artifacts).isEmpty(), "" + status);
    return ((List<Map<String, Object>>) artifacts)
        .stream().map(a -> (String) a.get("key")).sorted().toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    Object spec = r.getAdditionalProperties().get("spec");
    return spec instanceof Map ? (Map<String, Object>) spec : Map.of();
  }

  private static Object statusSync(GenericKubernetesResource policy) {
    return Cluster.statusAt(policy, "sync");
  }

  private static long number(Object o) {
    return o == null ? -1 : ((Number) o).longValue();
  }

  /** Inserts the next {@link #ROWS_PER_RUN} rows, ids from {@code from}. */
  private static void addRows(int from) throws Exception {
    try (Connection c = env.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series("
              + from
              + ", "
              + (from + ROWS_PER_RUN - 1)
              + ") g");
    }
  }

  private static String policy(String extraSpec) {
    return String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: BackupPolicy",
            "metadata: {name: " + POLICY + ", namespace: " + NS + "}",
            "spec:",
            // On demand only: the schedule does not come round during the test.
            "  schedule: \"0 3 1 1 *\"",
            "  source:",
            "    postgres:",
            "      host: 127.0.0.1",
            "      port: " + env.postgres.port(),
            "      databases: [" + DATABASE + "]",
            "      sslMode: disable",
            "      credentialsSecret: {name: shop-db}",
            "  storage:",
            "    primary:",
            env.s3Repository(PREFIX),
            "  encryption:",
            "    secretKey: {name: " + KEY_SECRET + ", key: master.key}",
            "  repositorySync:",
            "    interval: 10s",
            "")
        + extraSpec;
  }

  private static String restoreById() {
    return String.join(
        "\n",
        "apiVersion: cadang.io/v1alpha1",
        "kind: RestoreRequest",
        "metadata: {name: " + RESTORE + ", namespace: " + NS + "}",
        "spec:",
        "  source: {policy: " + POLICY + ", backupId: " + RUNS.get(1) + "}",
        "  target:",
        "    sourceDatabase: " + DATABASE,
        "    database:",
        "      host: 127.0.0.1",
        "      port: " + env.postgres.port(),
        "      name: " + RESTORED,
        "      createDatabase: true",
        "      sslMode: disable",
        "      credentialsSecret: {name: shop-db}",
        "  verify: true",
        "");
  }

  /** The database login and the master key; the S3 keys too when {@code withS3}. */
  private static void createSecrets(KubernetesClient k, boolean withS3) {
    secret(k, "shop-db", Map.of("username", "postgres", "password", env.postgres.password()));
    secret(k, KEY_SECRET, Map.of("master.key", masterKey));
    if (withS3) {
      createS3Secret(k);
    }
  }

  private static void createS3Secret(KubernetesClient k) {
    secret(
        k,
        "backup-s3",
        Map.of(
            "AWS_ACCESS_KEY_ID", env.s3.accessKey(),
            "AWS_SECRET_ACCESS_KEY", env.s3.secretKey()));
  }

  private static void secret(KubernetesClient k, String name, Map<String, String> data) {
    k.secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  private static void bindClusterRole(KubernetesClient k, String user, String clusterRole) {
    k.rbac()
        .roleBindings()
        .inNamespace(NS)
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
        .create();
  }

  private static void annotate(KubernetesClient as, String run, String value) {
    as.genericKubernetesResources("cadang.io/v1alpha1", "BackupRun")
        .inNamespace(NS)
        .withName(run)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"cadang.io/delete-data\":\"" + value + "\"}}}");
  }

  private static void patchPolicy(KubernetesClient k, String mergePatch) {
    Cluster.cadang(k, "BackupPolicy")
        .inNamespace(NS)
        .withName(POLICY)
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  /** Waits for a repository sync of the policy that ended after {@code after}. */
  private static void awaitSyncAfter(KubernetesClient k, Instant after) {
    Await.until(
        "a sync of " + POLICY + " after " + after,
        Duration.ofSeconds(45),
        () ->
            Optional.ofNullable(policy(k))
                .map(p -> (String) Cluster.statusAt(p, "sync", "lastSyncedTime"))
                .filter(t -> Instant.parse(t).isAfter(after))
                .isPresent());
  }

  private static GenericKubernetesResource run(KubernetesClient k, String name) {
    return Cluster.cadang(k, "BackupRun").inNamespace(NS).withName(name).get();
  }

  private static GenericKubernetesResource policy(KubernetesClient k) {
    return Cluster.cadang(k, "BackupPolicy").inNamespace(NS).withName(POLICY).get();
  }

  private static GenericKubernetesResource restore(KubernetesClient k) {
    return Cluster.cadang(k, "RestoreRequest").inNamespace(NS).withName(RESTORE).get();
  }

  private static List<Event> events(KubernetesClient k, String reason) {
    List<Event> found = new ArrayList<>();
    for (Event e : k.v1().events().inNamespace(NS).list().getItems()) {
      if (reason.equals(e.getReason())) {
        found.add(e);
      }
    }
    return found;
  }

  private static String describe(List<Event> events) {
    return events.stream()
        .map(e -> e.getInvolvedObject().getName() + ": " + e.getMessage())
        .toList()
        .toString();
  }

  private static String folder(String backupId) {
    return PREFIX + "/backups/" + backupId + "/";
  }

  private static String manifestKey(String backupId) {
    return folder(backupId) + "manifest.json";
  }

  private static Map<String, Long> objectsOf(String backupId) {
    return bucket.list(folder(backupId));
  }

  /**
   * Copies backup {@code from} under {@code prefix} to the id {@code to}, its manifest rewritten
   * for the new id (as if the backup had been made under it) and then changed by {@code edit}.
   */
  private static void copyBackup(
      String prefix, String from, String to, java.util.function.Consumer<ObjectNode> edit)
      throws Exception {
    String source = prefix + "/backups/" + from + "/";
    String target = prefix + "/backups/" + to + "/";
    for (String key : bucket.list(source).keySet()) {
      if (!key.endsWith("/manifest.json")) {
        bucket.copy(key, target + key.substring(source.length()));
      }
    }
    ObjectNode manifest = (ObjectNode) JSON.readTree(bucket.read(source + "manifest.json"));
    manifest.put("backupId", to);
    for (JsonNode o : manifest.path("objects")) {
      // Keys in a manifest are relative to the repository's prefix: backups/<id>/...
      String key = o.path("key").asText();
      String folder = "backups/" + from + "/";
      assertTrue(key.startsWith(folder), key);
      ((ObjectNode) o).put("key", "backups/" + to + "/" + key.substring(folder.length()));
    }
    edit.accept(manifest);
    bucket.put(target + "manifest.json", JSON.writeValueAsBytes(manifest));
  }

  /** The objects of the refused backups this test planted. */
  private static Map<String, Long> plantedObjects() {
    Map<String, Long> planted = new java.util.TreeMap<>();
    for (String id : List.of(HALF_WRITTEN, RESIZED, DAMAGED)) {
      planted.putAll(objectsOf(id));
    }
    return planted;
  }

  private static void closeQuietly(SecondCluster c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("closing " + c.name + ": " + e.getMessage());
      }
    }
  }
}
