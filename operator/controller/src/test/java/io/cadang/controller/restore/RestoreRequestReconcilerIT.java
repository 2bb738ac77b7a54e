package io.cadang.controller.restore;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.Quiesce;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.controller.testing.FakeJobController.Behaviour;
import io.cadang.controller.testing.FakeJobController.Fail;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.FakeJobController.Succeed;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RestoreRequest reconciler (with the BackupRun reconciler) on the mock API server. */
class RestoreRequestReconcilerIT {
  private static final String NOT_EMPTY =
      "target database 'app' is not empty (3 objects); pass --overwrite to replace its contents";
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(Instant.parse("2026-11-21T02:00:00Z"));
    h.jobs.script(RestoreRequestReconcilerIT::behaviour);
    for (String policy : List.of("nightly", "weekly", "busy")) {
      h.client.resource(Fixtures.policy(policy, "http://s3.invalid:9000", "bk")).create();
    }
    backupSucceeded("nightly-1", "nightly");
    backupSucceeded("weekly-1", "weekly");
    h.clock.advance(Duration.ofDays(1));
    backupSucceeded("weekly-2", "weekly");
    backupSucceeded("busy-1", "busy");
  }

  private static Behaviour behaviour(Job job) {
    String name = job.getMetadata().getName();
    return switch (name) {
      case "nightly-1", "weekly-1", "weekly-2", "busy-1" ->
          new Succeed(Fixtures.agentResult(name, 4096));
      case "restore-ok", "restore-latest", "restore-waits" ->
          new Succeed(Fixtures.restoreResult("b"));
      case "restore-mismatch" ->
          new Fail(3, "Error", Fixtures.restoreResult("b", "public.orders:10:9"));
      case "restore-not-empty" -> new Fail(1, "Error", "{\"error\":\"" + NOT_EMPTY + "\"}");
      default -> new KeepRunning();
    };
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void restoreOfABackupRunSucceedsWithVerification() {
    RestoreRequest r = createAndAwaitTerminal(Fixtures.restore("restore-ok", "nightly-1", null));

    assertEquals(RestorePhase.SUCCEEDED, r.getStatus().getPhase(), json(r));
    assertEquals("nightly-1", r.getStatus().getResolvedBackupRun());
    assertEquals("nightly-1", r.getStatus().getBackupId());
    assertEquals(12, r.getStatus().getVerification().getTablesChecked());
    assertEquals(3400L, r.getStatus().getVerification().getRowsChecked());
    assertTrue(isEmpty(r.getStatus().getVerification().getMismatches()));
    assertTrue(r.getStatus().getRecoveredTo() != null);
    assertTrue(r.getStatus().getDurationSeconds() != null);
    assertTrue(reasons("restore-ok").containsAll(List.of("Started", "Succeeded")));
    Job job = h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("restore-ok").get();
    assertEquals("restore-ok", job.getMetadata().getOwnerReferences().get(0).getName());
    assertTrue(
        h.scrape()
            .contains(
                "cadang_restores_total{mode=\"Restore\",namespace=\"backups\",result=\"succeeded\"}"),
        h.scrape());
  }

  @Test
  void restoreOfAPolicyPicksItsNewestSuccessfulRun() {
    RestoreRequest r = createAndAwaitTerminal(Fixtures.restore("restore-latest", null, "weekly"));
    assertEquals("weekly-2", r.getStatus().getResolvedBackupRun(), json(r));
    assertEquals(RestorePhase.SUCCEEDED, r.getStatus().getPhase());
  }

  @Test
  void quiescedDeploymentsAreScaledDownDuringTheRestoreAndBackAfter() {
    deployment("web");
    h.client
        .resource(quiescing(Fixtures.restore("restore-quiesce", "nightly-1", null), "web"))
        .create();

    await("job created", () -> job("restore-quiesce") != null);
    assertEquals(0, replicas("web"), "scaled to zero before the Job ran");
    assertEquals(3, get("restore-quiesce").getStatus().getQuiesced().get(0).getOriginalReplicas());

    h.jobs.finish("restore-quiesce", new Succeed(Fixtures.restoreResult("b")));
    RestoreRequest r = awaitTerminal("restore-quiesce");
    assertEquals(RestorePhase.SUCCEEDED, r.getStatus().getPhase(), json(r));
    assertEquals(3, replicas("web"));
    assertTrue(isEmpty(r.getStatus().getQuiesced()), "an entry is removed once scaled back");
  }

  @Test
  void theJobWaitsUntilTheQuiescedApplicationsPodsHaveStopped() {
    deployment("worker");
    pod("worker-1", "worker"); // still terminating: the mock has no kubelet to remove it
    pod("worker-evicted", "worker");
    Pod evicted = h.client.pods().inNamespace(NAMESPACE).withName("worker-evicted").get();
    evicted.setStatus(new PodStatusBuilder().withPhase("Failed").withReason("Evicted").build());
    h.client.resource(evicted).updateStatus(); // ended: runs nothing, so not waited for
    h.client
        .resource(quiescing(Fixtures.restore("restore-after-pods", "nightly-1", null), "worker"))
        .create();

    await(
        "waiting for the pod",
        () -> quiesceMessage("restore-after-pods").endsWith("worker (1 pod)"));
    assertEquals(0, replicas("worker"));
    assertNull(job("restore-after-pods"), "no Job while the application's pod is there");

    h.client.pods().inNamespace(NAMESPACE).withName("worker-1").delete();
    await("job created", () -> job("restore-after-pods") != null);
    h.jobs.finish("restore-after-pods", new Succeed(Fixtures.restoreResult("b")));
    RestoreRequest r = awaitTerminal("restore-after-pods");
    assertEquals(RestorePhase.SUCCEEDED, r.getStatus().getPhase(), json(r));
    assertEquals(3, replicas("worker"));
  }

  @Test
  void podsThatNeverStopFailTheRestoreAndTheApplicationIsScaledBack() {
    deployment("stuck");
    pod("stuck-1", "stuck");
    h.client
        .resource(quiescing(Fixtures.restore("restore-stuck-pods", "nightly-1", null), "stuck"))
        .create();
    await(
        "waiting for the pod",
        () -> quiesceMessage("restore-stuck-pods").endsWith("stuck (1 pod)"));

    h.clock.advance(PodsStopping.SLACK.plusSeconds(PodsStopping.DEFAULT_GRACE_SECONDS + 1));
    RestoreRequest r = awaitTerminal("restore-stuck-pods");
    assertEquals(RestorePhase.FAILED, r.getStatus().getPhase(), json(r));
    assertEquals("QuiesceTimeout", r.getStatus().getFailureReason());
    assertTrue(r.getStatus().getFailureMessage().contains("stuck (1 pod)"), json(r));
    assertEquals(3, replicas("stuck"), "scaled back after giving up");
    assertNull(job("restore-stuck-pods"), "nothing was restored");
  }

  @Test
  void quiescedDeploymentsComeBackWhenTheRestoreFails() {
    deployment("api");
    h.client
        .resource(quiescing(Fixtures.restore("restore-quiesce-fail", "nightly-1", null), "api"))
        .create();

    await("job created", () -> job("restore-quiesce-fail") != null);
    assertEquals(0, replicas("api"));
    h.jobs.finish("restore-quiesce-fail", new Fail(1, "Error", "{\"error\":\"disk full\"}"));
    RestoreRequest r = awaitTerminal("restore-quiesce-fail");

    assertEquals(RestorePhase.FAILED, r.getStatus().getPhase());
    assertEquals("disk full", r.getStatus().getFailureMessage());
    assertEquals(3, replicas("api"));
    assertTrue(
        h.scrape()
            .contains(
                "cadang_restores_total{mode=\"Restore\",namespace=\"backups\",result=\"failed\"}"));
  }

  @Test
  void aRestoreWaitsWhileABackupOfItsPolicyRuns() {
    h.client.resource(Fixtures.run("busy-2", "busy")).create();
    await("busy-2 running", () -> phase("busy-2") == BackupRunPhase.RUNNING);

    h.client.resource(Fixtures.restore("restore-waits", "busy-1", null)).create();
    await(
        "restore waiting",
        () ->
            get("restore-waits").getStatus() != null
                && get("restore-waits").getStatus().getConditions() != null
                && get("restore-waits").getStatus().getConditions().stream()
                    .anyMatch(c -> "ConflictingOperation".equals(c.getReason())));
    assertEquals(RestorePhase.PENDING, get("restore-waits").getStatus().getPhase());
    assertNull(job("restore-waits"));

    h.jobs.finish("busy-2", new Succeed(Fixtures.agentResult("busy-2", 10)));
    assertEquals(RestorePhase.SUCCEEDED, awaitTerminal("restore-waits").getStatus().getPhase());
  }

  @Test
  void aMissingBackupRunIsBackupNotFound() {
    RestoreRequest r =
        createAndAwaitTerminal(Fixtures.restore("restore-missing", "no-such-run", null));
    assertEquals("BackupNotFound", r.getStatus().getFailureReason());
    assertTrue(r.getStatus().getFailureMessage().contains("no-such-run"));
    assertNull(job("restore-missing"));
  }

  @Test
  void pointInTimeByTimeIsUnsupported() {
    RestoreRequest request = Fixtures.restore("restore-pitr", null, "nightly");
    PointInTime pit = new PointInTime();
    pit.setTime("2026-11-21T01:00:00Z");
    request.getSpec().getSource().setPointInTime(pit);
    RestoreRequest r = createAndAwaitTerminal(request);
    assertEquals("Unsupported", r.getStatus().getFailureReason());
    assertTrue(reasons("restore-pitr").contains("Failed"));
  }

  @Test
  void mismatchedRowCountsFailVerification() {
    RestoreRequest r =
        createAndAwaitTerminal(Fixtures.restore("restore-mismatch", "nightly-1", null));
    assertEquals("VerificationFailed", r.getStatus().getFailureReason(), json(r));
    assertTrue(r.getStatus().getFailureMessage().contains("public.orders"));
    assertEquals(9L, r.getStatus().getVerification().getMismatches().get(0).getActual());
  }

  @Test
  void aNonEmptyTargetIsRefused() {
    RestoreRequest r =
        createAndAwaitTerminal(Fixtures.restore("restore-not-empty", "nightly-1", null));
    assertEquals("TargetNotEmpty", r.getStatus().getFailureReason());
    assertEquals(NOT_EMPTY, r.getStatus().getFailureMessage());
  }

  /** Empty lists do not survive serialization to the API server. */
  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static RestoreRequest quiescing(RestoreRequest request, String deployment) {
    Quiesce q = new Quiesce();
    q.setDeployments(List.of(deployment));
    request.getSpec().setQuiesce(q);
    return request;
  }

  private static void deployment(String name) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(name)
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    h.client.resource(d).create();
  }

  /** A pod of {@code deployment} (matched by its selector) that nothing will stop. */
  private static void pod(String name, String deployment) {
    h.client
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .addToLabels("app", deployment)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(deployment)
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static String quiesceMessage(String request) {
    RestoreRequest r = get(request);
    if (r == null || r.getStatus() == null || r.getStatus().getSteps() == null) {
      return "";
    }
    return r.getStatus().getSteps().stream()
        .filter(s -> s.getName().equals(RestoreSteps.QUIESCE) && s.getMessage() != null)
        .map(s -> s.getMessage())
        .findFirst()
        .orElse("");
  }

  private static int replicas(String deployment) {
    return h.client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(deployment)
        .get()
        .getSpec()
        .getReplicas();
  }

  private static void backupSucceeded(String run, String policy) {
    h.client.resource(Fixtures.run(run, policy)).create();
    await(run + " succeeded", () -> phase(run) == BackupRunPhase.SUCCEEDED);
  }

  private static BackupRunPhase phase(String run) {
    BackupRun r = h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(run).get();
    return r == null || r.getStatus() == null ? null : r.getStatus().getPhase();
  }

  private static RestoreRequest createAndAwaitTerminal(RestoreRequest request) {
    h.client.resource(request).create();
    return awaitTerminal(request.getMetadata().getName());
  }

  private static RestoreRequest awaitTerminal(String name) {
    try {
      await(
          name + " terminal",
          () -> {
            RestoreRequest r = get(name);
            return r != null
                && r.getStatus() != null
                && r.getStatus().getPhase() != null
                && r.getStatus().getPhase().terminal();
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; status: " + json(get(name)), e);
    }
    return get(name);
  }

  private static RestoreRequest get(String name) {
    return h.client.resources(RestoreRequest.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Job job(String name) {
    return h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private static String json(RestoreRequest r) {
    return Serialization.asJson(r.getStatus());
  }

  private static List<String> reasons(String name) {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }
}
