package io.cadang.controller.policy;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.CadangApi;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.Drills;
import io.cadang.api.v1alpha1.Objectives;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.FakeJobController.Succeed;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spec.drills and spec.objectives on the mock API server: a due slot creates a Drill RestoreRequest
 * from the policy's newest backup; its measured time lands in status.drills and RTOMet; the
 * objective decides the condition; a slot while a backup runs is skipped.
 */
class DrillsIT {
  private OperatorHarness h;
  private int touches;

  @BeforeEach
  void start() {
    h = new OperatorHarness(Instant.now());
    h.client
        .resource(
            Fixtures.secret(
                "s3-credentials", Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s")))
        .create();
    h.client
        .resource(Fixtures.secret("pg-credentials", Map.of("username", "u", "password", "p")))
        .create();
    h.client.resource(Fixtures.secret("master-key", Map.of("key", "k".repeat(44)))).create();
    h.jobs.script(
        job ->
            "restore".equals(job.getMetadata().getLabels().get("app.kubernetes.io/component"))
                ? new KeepRunning()
                : new Succeed(Fixtures.agentResult(job.getMetadata().getName(), 4096)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aDueSlotCreatesADrillWhoseMeasuredTimeDecidesRtoMet() {
    create("drilled", "10m", p -> {});
    backupSucceeded("drilled-1", "drilled");

    touch("drilled", Duration.ofMinutes(2));
    String drill = awaitDrill("drilled");
    RestoreRequest request = restore(drill);
    assertEquals(RestoreMode.DRILL, request.getSpec().getMode());
    assertEquals("drilled", request.getSpec().getSource().getPolicy());
    assertEquals("drilled", request.getMetadata().getLabels().get(CadangApi.DRILL_OF_LABEL));
    assertEquals("drilled", request.getMetadata().getOwnerReferences().get(0).getName());
    await("drill job", () -> job(drill) != null);

    h.clock.advance(Duration.ofMinutes(20)); // the drill takes 20 minutes
    h.jobs.finish(drill, new Succeed(Fixtures.restoreResult("drilled-1")));
    await(
        "drill succeeded",
        () ->
            restore(drill).getStatus() != null
                && restore(drill).getStatus().getPhase() == RestorePhase.SUCCEEDED);
    touch("drilled", Duration.ZERO);

    Condition above = awaitCondition("drilled", ConditionType.RTO_MET, "AboveObjective");
    assertEquals("False", above.getStatus());
    assertEquals(
        "drill " + drill + " restored and verified in 20m0s, above the RTO objective of 10m0s",
        above.getMessage());
    var drills = policy("drilled").getStatus().getDrills();
    assertEquals(drill, drills.getLastDrill());
    assertEquals("Succeeded", drills.getLastResult());
    assertEquals(1200L, drills.getLastDurationSeconds());
    assertTrue(drills.getNextScheduleTime() != null);
    assertTrue(
        h.scrape()
            .contains(
                "cadang_drill_duration_seconds{namespace=\"backups\",policy=\"drilled\"} 1200.0"),
        h.scrape());

    edit("drilled", p -> p.getSpec().getObjectives().setRto("30m"));
    Condition met = awaitCondition("drilled", ConditionType.RTO_MET, "ObjectiveMet");
    assertEquals("True", met.getStatus());
    Condition rpo = awaitCondition("drilled", ConditionType.RPO_MET, "ObjectiveMet");
    assertTrue(rpo.getMessage().startsWith("the newest successful backup ("), rpo.getMessage());
  }

  @Test
  void withoutADrillRtoIsUnprovenAndASlotDuringABackupIsSkipped() {
    create("busy", "1h", p -> {});
    Condition none = awaitCondition("busy", ConditionType.RTO_MET, "NoDrillYet");
    assertEquals(
        "no drill of this policy has finished: the RTO of 1h0m0s is unproven", none.getMessage());
    Condition rpo = awaitCondition("busy", ConditionType.RPO_MET, "NothingToMeasure");
    assertEquals("False", rpo.getStatus());

    // A backup that keeps running: the drill slot must not run beside it.
    h.jobs.script(job -> new KeepRunning());
    h.client.resource(Fixtures.run("busy-1", "busy")).create();
    await("backup job", () -> job("busy-1") != null);
    touch("busy", Duration.ofMinutes(2));

    await(
        "slot skipped",
        () ->
            policy("busy").getStatus().getDrills() != null
                && policy("busy").getStatus().getDrills().getLastSkippedSlot() != null);
    assertEquals(List.of(), drillsOf("busy"));
  }

  @Test
  void withoutATargetADrillRestoresIntoAThrowawayServerAndStatusSaysWhatItProved() {
    create("scratchy", "1h", p -> p.getSpec().getDrills().setTarget(null));
    backupSucceeded("scratchy-1", "scratchy");

    touch("scratchy", Duration.ofMinutes(2));
    String drill = awaitDrill("scratchy");
    assertTrue(restore(drill).getSpec().getTarget().getScratch() != null);
    await("drill job", () -> job(drill) != null);
    List<String> args =
        h.client
            .batch()
            .v1()
            .jobs()
            .inNamespace("backups")
            .withName(drill)
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    assertTrue(args.contains("--scratch-server"), args.toString());

    String result =
        Fixtures.restoreResult("scratchy-1")
            .replace(
                ",\"verified\":true",
                ",\"checks\":[{\"name\":\"orders\",\"database\":\"app\",\"passed\":true,"
                    + "\"rows\":1,\"value\":\"3400\"}],\"phases\":{\"downloadSeconds\":1.5,"
                    + "\"restoreSeconds\":2.0,\"verifySeconds\":0.7},\"verified\":true");
    h.jobs.finish(drill, new Succeed(result));
    await(
        "drill succeeded",
        () ->
            restore(drill).getStatus() != null
                && restore(drill).getStatus().getPhase() == RestorePhase.SUCCEEDED);
    touch("scratchy", Duration.ZERO);

    await(
        "status.drills.lastVerification",
        () ->
            policy("scratchy").getStatus().getDrills() != null
                && policy("scratchy").getStatus().getDrills().getLastVerification() != null);
    assertEquals(
        "12 tables, 3400 rows: all row counts match; 1 application check(s) passed",
        policy("scratchy").getStatus().getDrills().getLastVerification());
    assertEquals(
        2.0, policy("scratchy").getStatus().getDrills().getLastPhases().getRestoreSeconds());
  }

  @Test
  void aDrillThatWouldOverwriteIsRefused() {
    create(
        "unsafe", "1h", p -> p.getSpec().getDrills().getTarget().getDatabase().setOverwrite(true));
    Condition ready = awaitCondition("unsafe", ConditionType.READY, "InvalidSpec");
    assertTrue(
        ready
            .getMessage()
            .contains("spec.drills.target.database.overwrite: a drill never overwrites"),
        ready.getMessage());
  }

  // --- helpers ---

  private void create(String name, String rto, Consumer<BackupPolicy> change) {
    BackupPolicy policy = Fixtures.policy(name, "http://s3.invalid:9000", "bk");
    Drills drills = new Drills();
    drills.setSchedule("* * * * *");
    drills.setTarget(Fixtures.restore("unused", null, name).getSpec().getTarget());
    drills.getTarget().getDatabase().setCreateDatabase(true);
    policy.getSpec().setDrills(drills);
    Objectives objectives = new Objectives();
    objectives.setRpo("2d");
    objectives.setRto(rto);
    policy.getSpec().setObjectives(objectives);
    change.accept(policy);
    h.client.resource(policy).create();
  }

  private void backupSucceeded(String run, String policy) {
    h.client.resource(Fixtures.run(run, policy)).create();
    await(
        run + " succeeded",
        () -> {
          BackupRun r =
              h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(run).get();
          return r != null
              && r.getStatus() != null
              && r.getStatus().getPhase() == BackupRunPhase.SUCCEEDED;
        });
  }

  private String awaitDrill(String policy) {
    await("drill created", () -> !drillsOf(policy).isEmpty());
    return drillsOf(policy).get(0);
  }

  private List<String> drillsOf(String policy) {
    return h
        .client
        .resources(RestoreRequest.class)
        .inNamespace(NAMESPACE)
        .withLabel(CadangApi.DRILL_OF_LABEL, policy)
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  private RestoreRequest restore(String name) {
    return h.client.resources(RestoreRequest.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private Object job(String name) {
    return h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private BackupPolicy policy(String name) {
    return h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private Condition awaitCondition(String policy, ConditionType type, String reason) {
    await(
        policy + " " + type.value() + " " + reason,
        () -> {
          BackupPolicy p = policy(policy);
          return p.getStatus() != null
              && Conditions.find(p.getStatus().getConditions(), type)
                  .map(c -> reason.equals(c.getReason()))
                  .orElse(false);
        });
    return Conditions.find(policy(policy).getStatus().getConditions(), type).orElseThrow();
  }

  /** Moves the clock and wakes the reconciler with a metadata edit. */
  private void touch(String policy, Duration advance) {
    h.clock.advance(advance);
    int touch = ++touches;
    edit(policy, p -> p.getMetadata().getAnnotations().put("test/touch", Integer.toString(touch)));
  }

  private void edit(String policy, Consumer<BackupPolicy> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        h.client
            .resources(BackupPolicy.class)
            .inNamespace(NAMESPACE)
            .withName(policy)
            .edit(
                p -> {
                  if (p.getMetadata().getAnnotations() == null) {
                    p.getMetadata().setAnnotations(new java.util.HashMap<>());
                  }
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
}
