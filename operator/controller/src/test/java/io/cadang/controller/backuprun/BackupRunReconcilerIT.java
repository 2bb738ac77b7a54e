package io.cadang.controller.backuprun;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.controller.testing.FakeJobController.DeadlineExceeded;
import io.cadang.controller.testing.FakeJobController.Fail;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.FakeJobController.Succeed;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BackupRun reconciler on the fabric8 mock API server with a fake Job controller. */
class BackupRunReconcilerIT {
  private static OperatorHarness h;
  private static S3TestServer s3;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
    s3.createBucket("runs");
    h = new OperatorHarness(Instant.parse("2026-11-21T02:00:00Z"));
    h.client
        .resource(
            Fixtures.secret(
                "s3-credentials",
                Map.of(
                    "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey())))
        .create();
    h.client.resource(Fixtures.policy("nightly", s3.endpoint().toString(), "runs")).create();
    h.jobs.script(
        job ->
            switch (job.getMetadata().getName()) {
              case "ok-run",
                  "ok-run-job",
                  "ok-run-final",
                  "deleted-run",
                  "kept-run",
                  "pruned-run",
                  "doomed-run" ->
                  new Succeed(Fixtures.agentResult(job.getMetadata().getName(), 4096));
              case "agent-error-run" ->
                  new Fail(
                      1,
                      "Error",
                      "{\"error\":\"authentication failed for user 'backup' at db.example.internal:5432\"}");
              case "oom-run" -> new Fail(137, "OOMKilled", null);
              case "deadline-run" -> new DeadlineExceeded();
              default -> new KeepRunning();
            });
  }

  @AfterAll
  static void stop() {
    h.close();
    s3.close();
  }

  @Test
  void successfulJobBecomesSucceededWithTheAgentsFacts() {
    BackupRun run = createAndAwaitTerminal("ok-run");

    assertEquals(BackupRunPhase.SUCCEEDED, run.getStatus().getPhase());
    assertEquals("ok-run", run.getStatus().getBackupId());
    assertEquals(4096L, run.getStatus().getStoredBytes());
    assertEquals("primary", run.getStatus().getArtifacts().get(0).getRepository());
    assertEquals("15.18", run.getStatus().getPostgres().getServerVersion());
    assertTrue(
        reasons("ok-run").containsAll(List.of("Started", "Succeeded")),
        reasons("ok-run").toString());
    assertTrue(
        h.scrape()
            .contains(
                "cadang_backup_runs_total{namespace=\"backups\",policy=\"nightly\",result=\"succeeded\"}"),
        h.scrape());
  }

  @Test
  void jobIsBuiltLockedDownWithSecretsOnlyByReference() {
    createAndAwaitTerminal("ok-run-job");
    Job job = h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("ok-run-job").get();

    var pod = job.getSpec().getTemplate().getSpec();
    var agent = pod.getContainers().get(0);
    assertEquals("ok-run-job", job.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals("cadang", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertEquals(true, agent.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(true, agent.getSecurityContext().getRunAsNonRoot());
    assertEquals(List.of("ALL"), agent.getSecurityContext().getCapabilities().getDrop());
    for (EnvVar env : agent.getEnv()) {
      assertNull(env.getValue(), env.getName() + " must come from a Secret reference");
      assertTrue(env.getValueFrom().getSecretKeyRef() != null);
    }
    assertTrue(agent.getArgs().contains("--backup-id=ok-run-job"));
    assertTrue(agent.getArgs().contains("--key-env=CADANG_MASTER_KEY"));
    assertTrue(
        agent.getArgs().stream()
            .anyMatch(
                a ->
                    a.startsWith("--repo=s3://runs/db?")
                        && a.contains("storage-class=STANDARD_IA")),
        agent.getArgs().toString());
    assertEquals(1, job.getSpec().getBackoffLimit());
  }

  @Test
  void agentErrorReachesTheConditionMessage() {
    BackupRun run = createAndAwaitTerminal("agent-error-run");

    assertEquals(BackupRunPhase.FAILED, run.getStatus().getPhase());
    assertEquals("AgentError", run.getStatus().getFailureReason());
    assertEquals(
        "authentication failed for user 'backup' at db.example.internal:5432",
        run.getStatus().getFailureMessage());
    assertTrue(reasons("agent-error-run").contains("Failed"));
    assertTrue(
        h.scrape()
            .contains(
                "cadang_backup_runs_total{namespace=\"backups\",policy=\"nightly\",result=\"failed\"}"));
  }

  @Test
  void oomKilledIsNamedAsSuch() {
    BackupRun run = createAndAwaitTerminal("oom-run");
    assertEquals("OOMKilled", run.getStatus().getFailureReason());
    assertTrue(run.getStatus().getFailureMessage().contains("memory limit"));
  }

  @Test
  void deadlineExceededIsNamedAsSuch() {
    BackupRun run = createAndAwaitTerminal("deadline-run");
    assertEquals("DeadlineExceeded", run.getStatus().getFailureReason());
  }

  @Test
  void missingPolicyFailsWithoutAJob() {
    h.client.resource(Fixtures.run("orphan-run", "no-such-policy")).create();
    BackupRun run = awaitTerminal("orphan-run");
    assertEquals("PolicyNotFound", run.getStatus().getFailureReason());
    assertNull(h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("orphan-run").get());
  }

  @Test
  void terminalPhaseNeverChangesAgain() throws Exception {
    BackupRun done = createAndAwaitTerminal("ok-run-final");
    Job job = h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("ok-run-final").get();
    job.getStatus().getConditions().get(0).setType("Failed");
    h.client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
    Thread.sleep(500);
    assertEquals(done.getStatus(), get("ok-run-final").getStatus());
  }

  @Test
  void runningJobMakesTheRunRunning() {
    h.client.resource(Fixtures.run("long-run", "nightly")).create();
    await(
        "long-run running",
        () ->
            get("long-run").getStatus() != null
                && get("long-run").getStatus().getPhase() == BackupRunPhase.RUNNING);
    h.jobs.finish("long-run", new Succeed(Fixtures.agentResult("long-run", 10)));
    assertEquals(BackupRunPhase.SUCCEEDED, awaitTerminal("long-run").getStatus().getPhase());
  }

  @Test
  void deletingARunMarkedDeleteDataDeletesItsObjectsManifestFirst() throws Exception {
    BackupPolicy policy =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("nightly").get();
    String uri =
        io.cadang.controller.jobs.RepositoryUris.of(policy.getSpec().getStorage().getPrimary());
    Map<String, String> env =
        Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    try (Repository repo = Repositories.open(uri, env)) {
      repo.put("backups/deleted-run/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      repo.put("backups/deleted-run/db/app.dump.zst.cdg", new byte[] {1, 2, 3});
      repo.put("backups/other/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      createAndAwaitTerminal("deleted-run");
      assertTrue(get("deleted-run").getMetadata().getFinalizers().size() > 0, "finalizer added");

      markDeleteData("deleted-run");
      h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName("deleted-run").delete();

      await("run gone", () -> get("deleted-run") == null);
      List<String> left = repo.list("backups/");
      assertTrue(left.stream().noneMatch(k -> k.contains("deleted-run")), left.toString());
      assertTrue(left.contains("backups/other/manifest.json"), left.toString());
    }
  }

  @Test
  void deletingARunByHandKeepsItsObjectsUnderTheDefaultRetain() throws Exception {
    try (Repository repo = nightlyRepository()) {
      repo.put("backups/pruned-run/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      repo.put("backups/pruned-run/db/app.dump.zst.cdg", new byte[] {1, 2, 3});
      createAndAwaitTerminal("pruned-run");

      // What kubectl delete or a GitOps prune does: no mark, no deletionPolicy.
      h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName("pruned-run").delete();

      await("run gone", () -> get("pruned-run") == null);
      assertEquals(
          List.of("backups/pruned-run/db/app.dump.zst.cdg", "backups/pruned-run/manifest.json"),
          repo.list("backups/pruned-run/"));
      assertTrue(reasons("pruned-run").contains("ObjectsKept"), reasons("pruned-run").toString());
    }
  }

  @Test
  void deletionPolicyDeleteDeletesTheObjectsWithTheRun() throws Exception {
    setDeletionPolicy(io.cadang.api.v1alpha1.DeletionPolicy.DELETE);
    try (Repository repo = nightlyRepository()) {
      repo.put("backups/doomed-run/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      repo.put("backups/doomed-run/db/app.dump.zst.cdg", new byte[] {1, 2, 3});
      createAndAwaitTerminal("doomed-run");

      h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName("doomed-run").delete();

      await("run gone", () -> get("doomed-run") == null);
      assertEquals(List.of(), repo.list("backups/doomed-run/"));
    } finally {
      setDeletionPolicy(io.cadang.api.v1alpha1.DeletionPolicy.RETAIN);
    }
  }

  private static void setDeletionPolicy(io.cadang.api.v1alpha1.DeletionPolicy deletion) {
    for (int attempt = 1; ; attempt++) {
      try {
        h.client
            .resources(BackupPolicy.class)
            .inNamespace(NAMESPACE)
            .withName("nightly")
            .edit(
                p -> {
                  p.getSpec().setDeletionPolicy(deletion);
                  return p;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e; // 409: the operator wrote the policy's status in between; edit again
        }
      }
    }
  }

  private static void markDeleteData(String run) {
    h.client
        .resources(BackupRun.class)
        .inNamespace(NAMESPACE)
        .withName(run)
        .edit(
            r -> {
              if (r.getMetadata().getAnnotations() == null) {
                r.getMetadata().setAnnotations(new java.util.HashMap<>());
              }
              r.getMetadata()
                  .getAnnotations()
                  .put(io.cadang.api.v1alpha1.CadangApi.DELETE_DATA_ANNOTATION, "true");
              return r;
            });
  }

  private static Repository nightlyRepository() throws Exception {
    BackupPolicy policy =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("nightly").get();
    return Repositories.open(
        io.cadang.controller.jobs.RepositoryUris.of(policy.getSpec().getStorage().getPrimary()),
        Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
  }

  @Test
  void deletingAPolicyKeepsItsBackupsInTheRepository() throws Exception {
    h.client.resource(Fixtures.policy("temporary", s3.endpoint().toString(), "runs")).create();
    BackupPolicy policy =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("temporary").get();
    String uri =
        io.cadang.controller.jobs.RepositoryUris.of(policy.getSpec().getStorage().getPrimary());
    Map<String, String> env =
        Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    try (Repository repo = Repositories.open(uri, env)) {
      repo.put("backups/kept-run/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      h.client.resource(Fixtures.run("kept-run", "temporary")).create();
      awaitTerminal("kept-run");

      h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("temporary").delete();
      await(
          "policy gone",
          () ->
              h.client
                      .resources(BackupPolicy.class)
                      .inNamespace(NAMESPACE)
                      .withName("temporary")
                      .get()
                  == null);
      h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName("kept-run").delete();

      await("run gone", () -> get("kept-run") == null);
      assertTrue(repo.list("backups/").contains("backups/kept-run/manifest.json"));
      assertTrue(reasons("kept-run").contains("ObjectsKept"), reasons("kept-run").toString());
    }
  }

  private static BackupRun createAndAwaitTerminal(String name) {
    h.client.resource(Fixtures.run(name, "nightly")).create();
    return awaitTerminal(name);
  }

  private static BackupRun awaitTerminal(String name) {
    try {
      await(
          name + " terminal",
          () -> {
            BackupRun r = get(name);
            return r != null
                && r.getStatus() != null
                && r.getStatus().getPhase() != null
                && r.getStatus().getPhase().terminal();
          });
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "; status: " + Serialization.asJson(get(name).getStatus()), e);
    }
    return get(name);
  }

  private static BackupRun get(String name) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static List<String> reasons(String name) {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }
}
