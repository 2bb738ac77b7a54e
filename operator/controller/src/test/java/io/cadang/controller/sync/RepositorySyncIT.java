package io.cadang.controller.sync;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupTrigger;
import io.cadang.api.v1alpha1.RepositorySync;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A policy applied where its backups already are (a new cluster, a re-created policy): the runs
 * come back from the repository, retention waits for permission, deleting a run keeps its data and
 * the next sync brings it back, and a restore names a backup id. Mock API server, real S3.
 */
class RepositorySyncIT {
  private static final Instant DAY1 = Instant.parse("2026-11-20T02:01:00Z");
  private static S3TestServer s3;
  private static int bucket;
  private OperatorHarness h;
  private Repository repo;
  private String bucketName;
  private int touches;

  @BeforeAll
  static void startS3() {
    s3 = S3TestServer.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @BeforeEach
  void start() throws Exception {
    bucketName = "sync" + (++bucket);
    s3.createBucket(bucketName);
    h = new OperatorHarness(Instant.now());
    h.client
        .resource(
            Fixtures.secret(
                "s3-credentials",
                Map.of(
                    "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey())))
        .create();
    h.client
        .resource(Fixtures.secret("pg-credentials", Map.of("username", "backup", "password", "pw")))
        .create();
    h.client
        .resource(Fixtures.secret("target-credentials", Map.of("username", "u", "password", "p")))
        .create();
    h.client.resource(Fixtures.secret("master-key", Map.of("key", "k".repeat(44)))).create();
    h.jobs.script(job -> new KeepRunning());
    repo =
        Repositories.open(
            RepositoryUris.of(policy(p -> {}).getSpec().getStorage().getPrimary()),
            Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
  }

  @AfterEach
  void stop() throws Exception {
    repo.close();
    h.close();
  }

  @Test
  void backupsInTheRepositoryComeBackAsImportedRunsWithTheirIdsAndNoJob() throws Exception {
    for (int day = 0; day < 3; day++) {
      StoredBackups.logical(repo, id(day), DAY1.plus(Duration.ofDays(day)));
    }

    h.client.resource(policy(p -> {})).create();

    await("three runs imported", () -> imported().size() == 3);
    for (int day = 0; day < 3; day++) {
      BackupRun run = awaitPhase(id(day));
      assertEquals(BackupTrigger.IMPORTED, run.getSpec().getTrigger());
      assertEquals(id(day), run.getStatus().getBackupId());
      assertEquals(DAY1.plus(Duration.ofDays(day)).toString(), run.getStatus().getCompletionTime());
      assertEquals("master-key-fp", run.getStatus().getKeyId());
    }
    await(
        "sync complete",
        () -> status().getSync() != null && status().getSync().getLastSyncedTime() != null);
    assertEquals(3, status().getSync().getBackups());
    assertEquals(3, status().getSync().getImported());
    assertEquals("True", synced().getStatus(), synced().getMessage());
    assertEquals(id(2), status().getLastSuccessfulRun(), "the newest backup counts as the last");
    assertEquals(List.of(), h.client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems());
    assertEquals(1, events("BackupsImported").size());
  }

  @Test
  void retentionLeavesImportedRunsAloneUntilPruneImportedAndThenDeletesTheirData()
      throws Exception {
    for (int day = 0; day < 3; day++) {
      StoredBackups.logical(repo, id(day), DAY1.plus(Duration.ofDays(day)));
    }
    h.client.resource(policy(p -> p.getSpec().setRetention(keepLast(1)))).create();
    await("three runs imported", () -> imported().size() == 3);

    await(
        "what retention would delete is shown",
        () ->
            status().getSync() != null
                && List.of(id(0), id(1)).equals(status().getSync().getRetentionWouldDelete()));
    assertEquals(3, imported().size(), "nothing deleted on the first passes");
    assertEquals(6, repo.list("backups/").size());

    edit(p -> p.getSpec().getRepositorySync().setPruneImported(true));

    await("two oldest deleted", () -> imported().size() == 1);
    assertEquals(id(2), imported().get(0).getMetadata().getName());
    await("their objects deleted", () -> list("backups/").size() == 2);
    assertTrue(
        list("backups/").stream().allMatch(k -> k.contains(id(2))), list("backups/").toString());
  }

  @Test
  void aRunDeletedByHandKeepsItsDataAndTheNextSyncImportsItAgain() throws Exception {
    StoredBackups.logical(repo, id(0), DAY1);
    h.client.resource(policy(p -> {})).create();
    awaitPhase(id(0));

    h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(id(0)).delete();
    await("run gone", () -> run(id(0)) == null);
    assertEquals(2, repo.list("backups/").size(), "the data stays");

    touch(h.clock.instant().plus(Duration.ofSeconds(31)));

    BackupRun back = awaitPhase(id(0));
    assertEquals(BackupTrigger.IMPORTED, back.getSpec().getTrigger());
  }

  @Test
  void aRestoreByBackupIdAppliedWithThePolicyWaitsForTheSyncAndResolvesTheImportedRun()
      throws Exception {
    StoredBackups.logical(repo, id(0), DAY1);
    StoredBackups.logical(repo, id(1), DAY1.plus(Duration.ofDays(1)));
    RestoreRequest restore = Fixtures.restore("after-the-fire", null, "orders");
    restore.getSpec().getSource().setBackupId(id(0));

    // Restore first, policy second: the order a GitOps tool may apply them in.
    h.client.resource(restore).create();
    h.client.resource(policy(p -> {})).create();

    await(
        "restore resolved to the imported run",
        () -> {
          RestoreRequest r =
              h.client
                  .resources(RestoreRequest.class)
                  .inNamespace(NAMESPACE)
                  .withName("after-the-fire")
                  .get();
          return r.getStatus() != null && id(0).equals(r.getStatus().getResolvedBackupRun());
        });
  }

  @Test
  void halfWrittenAndTamperedBackupsAreRefusedNamedAndLeftInPlace() throws Exception {
    StoredBackups.logical(repo, id(0), DAY1);
    repo.put(BackupLayout.objectKey("orders-half", "db/app.dump"), new byte[10]);
    var tampered = StoredBackups.logical(repo, "orders-tampered", DAY1);
    repo.put(tampered.objects().get(0).key(), new byte[36]);

    h.client.resource(policy(p -> {})).create();

    await("refusal reported", () -> "BackupsRefused".equals(synced().getReason()));
    assertEquals("BackupsRefused", synced().getReason());
    assertEquals(2, status().getSync().getRefused());
    String refused = status().getSync().getRefusedBackups().toString();
    assertTrue(refused.contains("orders-half: incomplete"), refused);
    assertTrue(refused.contains("orders-tampered: object"), refused);
    await("one warning per refused backup", () -> events("BackupRefused").size() == 2);
    assertEquals(List.of(id(0)), imported().stream().map(r -> r.getMetadata().getName()).toList());
    assertNull(run("orders-tampered"));
    assertEquals(5, repo.list("backups/").size(), "nothing deleted");
  }

  @Test
  void aRepositoryOfAnotherPolicyIsRefusedWithBothNamed() throws Exception {
    StoredBackups.logical(repo, id(0), DAY1);
    io.cadang.agent.manifest.RepositoryMarker.of(NAMESPACE, "billing", DAY1).write(repo);

    h.client.resource(policy(p -> {})).create();

    await("refused", () -> "ForeignRepository".equals(synced().getReason()));
    assertTrue(synced().getMessage().contains(NAMESPACE + "/billing"), synced().getMessage());
    assertTrue(synced().getMessage().contains(NAMESPACE + "/orders"), synced().getMessage());
    assertEquals(List.of(), imported());

    edit(p -> p.getSpec().getRepositorySync().setAdopt(true));
    awaitPhase(id(0));
  }

  private BackupPolicy policy(Consumer<BackupPolicy> change) {
    BackupPolicy p = Fixtures.policy("orders", s3.endpoint().toString(), bucketName);
    // A slot far from the test's clock: only the sync creates runs here.
    p.getSpec().setSchedule("0 0 1 1 *");
    RepositorySync sync = new RepositorySync();
    sync.setInterval("30s");
    p.getSpec().setRepositorySync(sync);
    p.getSpec().setRetention(null);
    change.accept(p);
    return p;
  }

  private static String id(int day) {
    return "orders-2026112" + day + "0200";
  }

  private static Retention keepLast(int n) {
    Retention r = new Retention();
    r.setKeepLast(n);
    return r;
  }

  private List<String> list(String prefix) {
    try {
      return repo.list(prefix);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<BackupRun> imported() {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .filter(ImportedRuns::isImported)
        .filter(r -> r.getStatus() != null && r.getStatus().getPhase() != null)
        .sorted(java.util.Comparator.comparing(r -> r.getMetadata().getName()))
        .toList();
  }

  private BackupRun run(String name) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private BackupRun awaitPhase(String name) {
    await(
        name + " succeeded",
        () -> {
          BackupRun r = run(name);
          return r != null
              && r.getStatus() != null
              && r.getStatus().getPhase() == BackupRunPhase.SUCCEEDED;
        });
    return run(name);
  }

  private BackupPolicyStatus status() {
    BackupPolicy p =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("orders").get();
    return p.getStatus() == null ? new BackupPolicyStatus() : p.getStatus();
  }

  private Condition synced() {
    List<Condition> conditions = status().getConditions();
    return conditions == null
        ? new Condition()
        : conditions.stream()
            .filter(c -> "RepositorySynced".equals(c.getType()))
            .findFirst()
            .orElse(new Condition());
  }

  private List<Event> events(String reason) {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "orders".equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private void edit(Consumer<BackupPolicy> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        h.client
            .resources(BackupPolicy.class)
            .inNamespace(NAMESPACE)
            .withName("orders")
            .edit(
                p -> {
                  change.accept(p);
                  return p;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e; // 409: the operator wrote status in between; edit again
        }
      }
    }
  }

  /** Moves the clock and wakes the policy's reconciler with a metadata edit. */
  private void touch(Instant at) {
    h.clock.set(at);
    int touch = ++touches;
    edit(
        p -> {
          if (p.getMetadata().getAnnotations() == null) {
            p.getMetadata().setAnnotations(new java.util.HashMap<>());
          }
          p.getMetadata().getAnnotations().put("test/touch", Integer.toString(touch));
        });
  }
}
