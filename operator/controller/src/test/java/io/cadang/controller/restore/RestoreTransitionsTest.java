package io.cadang.controller.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.QuiescedDeployment;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestStatus;
import io.cadang.api.v1alpha1.StepState;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.JobOutcome;
import io.cadang.controller.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreTransitionsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
  private final RestoreRequest request = Fixtures.restore("r", "nightly-1", null);

  @Test
  void aFinishedJobWithMatchingCountsSucceedsWithVerificationAndDuration() {
    RestoreRequestStatus running = jobCreated(at(T0));

    RestoreRequestStatus done =
        at(T0.plusSeconds(42))
            .observe(running, new JobOutcome.Succeeded(result(Fixtures.restoreResult("b1"))));

    assertEquals(RestorePhase.SUCCEEDED, done.getPhase());
    assertEquals(42L, done.getDurationSeconds());
    assertEquals(12, done.getVerification().getTablesChecked());
    assertEquals(3400L, done.getVerification().getRowsChecked());
    assertEquals("2026-11-21T02:01:00Z", done.getRecoveredTo());
    assertEquals(StepState.SUCCEEDED, step(done, RestoreSteps.VERIFY));
  }

  @Test
  void mismatchesFailWithVerificationFailedNamingTheTables() {
    AgentResult report = result(Fixtures.restoreResult("b1", "public.orders:10:9"));

    RestoreRequestStatus done =
        at(T0)
            .observe(
                jobCreated(at(T0)),
                new JobOutcome.Failed(ConditionReason.AGENT_ERROR, "exit 3", report));

    assertEquals(RestorePhase.FAILED, done.getPhase());
    assertEquals("VerificationFailed", done.getFailureReason());
    assertTrue(done.getFailureMessage().contains("public.orders (expected 10, found 9)"));
    assertEquals("public.orders", done.getVerification().getMismatches().get(0).getTable());
    assertEquals(StepState.SUCCEEDED, step(done, RestoreSteps.RESTORE));
    assertEquals(StepState.FAILED, step(done, RestoreSteps.VERIFY));
  }

  @Test
  void aRecoveryCheckedByAmcheckAndQueriesIsVerifiedWithBothInStatus() {
    AgentResult report =
        result(
            "{\"backupId\":\"b1\",\"recoveredToTime\":\"2026-11-21T02:01:00Z\","
                + "\"recoveredToLsn\":\"0/3000100\",\"timeline\":2,\"target\":\"latest\","
                + "\"checks\":[{\"name\":\"orders\",\"database\":\"postgres\",\"passed\":true,"
                + "\"rows\":1,\"value\":\"1200\"}],"
                + "\"amcheck\":{\"databases\":2,\"relations\":544,\"problems\":[]},"
                + "\"phases\":{\"downloadSeconds\":2.5,\"restoreSeconds\":5.1,"
                + "\"verifySeconds\":1.2},\"verified\":true}");

    RestoreRequestStatus done =
        at(T0.plusSeconds(9)).observe(jobCreated(at(T0)), new JobOutcome.Succeeded(report));

    assertEquals(RestorePhase.SUCCEEDED, done.getPhase());
    assertEquals(StepState.SUCCEEDED, step(done, RestoreSteps.VERIFY));
    assertEquals(544, done.getVerification().getAmcheck().getRelations());
    assertEquals(5.1, done.getPhases().getRestoreSeconds(), "the replay's share of the time");
    assertEquals(1.2, done.getPhases().getVerifySeconds());
    assertEquals("1200", done.getVerification().getQueries().get(0).getValue());
    assertEquals(null, done.getVerification().getTablesChecked(), "a recovery counts no rows");
    assertEquals(
        "pg_amcheck: 544 relations in 2 databases, no corruption; 1 application check(s) passed",
        done.getConditions().stream()
            .filter(c -> "Verified".equals(c.getType()))
            .findFirst()
            .orElseThrow()
            .getMessage());
  }

  @Test
  void aFailedApplicationCheckFailsTheRestoreNamingTheCheck() {
    AgentResult report =
        result(
            "{\"backupId\":\"b1\",\"durationSeconds\":3.0,\"databases\":[{\"source\":\"shop\","
                + "\"target\":\"shop\",\"tablesChecked\":2,\"rowsChecked\":1300,\"mismatches\":[]}],"
                + "\"checks\":[{\"name\":\"ok\",\"database\":\"shop\",\"passed\":true,\"rows\":1},"
                + "{\"name\":\"login\",\"database\":\"shop\",\"passed\":false,\"rows\":-1,"
                + "\"problem\":\"role 'shop_app' does not exist in the restored copy\"}],"
                + "\"verified\":false}");

    RestoreRequestStatus done =
        at(T0)
            .observe(
                jobCreated(at(T0)),
                new JobOutcome.Failed(ConditionReason.AGENT_ERROR, "exit 3", report));

    assertEquals(RestorePhase.FAILED, done.getPhase());
    assertEquals("VerificationFailed", done.getFailureReason());
    assertEquals(
        "application check 'login' failed on shop: role 'shop_app' does not exist in the restored"
            + " copy",
        done.getFailureMessage());
    assertEquals(2, done.getVerification().getQueries().size());
    assertEquals(StepState.FAILED, step(done, RestoreSteps.VERIFY));
  }

  @Test
  void corruptionFoundByAmcheckFailsARecovery() {
    AgentResult report =
        result(
            "{\"backupId\":\"b1\",\"recoveredToTime\":\"2026-11-21T02:01:00Z\","
                + "\"recoveredToLsn\":\"0/3000100\",\"timeline\":2,"
                + "\"amcheck\":{\"databases\":2,\"relations\":544,"
                + "\"problems\":[\"heap table \\\"app.public.items\\\", block 0: invalid xmin\"]},"
                + "\"verified\":false}");

    RestoreRequestStatus done =
        at(T0)
            .observe(
                jobCreated(at(T0)),
                new JobOutcome.Failed(ConditionReason.AGENT_ERROR, "exit 3", report));

    assertEquals("VerificationFailed", done.getFailureReason());
    assertTrue(
        done.getFailureMessage()
            .startsWith("pg_amcheck found corruption in the recovered cluster: heap table"),
        done.getFailureMessage());
  }

  @Test
  void aNonEmptyTargetIsTargetNotEmpty() {
    String message = "target database 'app' is not empty (3 objects); pass --overwrite to replace";
    RestoreRequestStatus done =
        at(T0)
            .observe(
                jobCreated(at(T0)), new JobOutcome.Failed(ConditionReason.AGENT_ERROR, message));
    assertEquals("TargetNotEmpty", done.getFailureReason());
    assertEquals(message, done.getFailureMessage());
  }

  @Test
  void otherFailuresKeepTheirCause() {
    RestoreRequestStatus done =
        at(T0)
            .observe(
                jobCreated(at(T0)), new JobOutcome.Failed(ConditionReason.OOM_KILLED, "OOMKilled"));
    assertEquals("OOMKilled", done.getFailureReason());
    assertEquals(StepState.FAILED, step(done, RestoreSteps.RESTORE));
    assertEquals(StepState.SKIPPED, step(done, RestoreSteps.VERIFY));
  }

  @Test
  void aFailureWhileQuiescedLeavesUnquiescePendingUntilScaledBack() {
    request.getSpec().setQuiesce(new io.cadang.api.v1alpha1.Quiesce());
    request.getSpec().getQuiesce().setDeployments(List.of("web"));
    RestoreTransitions t = at(T0);
    QuiescedDeployment web = new QuiescedDeployment();
    web.setDeployment("web");
    web.setOriginalReplicas(3);
    RestoreRequestStatus quiesced =
        t.quiesced(
            t.quiesceRecorded(
                t.resolved(t.started(new RestoreRequestStatus()), run()), List.of(web)));

    RestoreRequestStatus failed = t.failed(quiesced, ConditionReason.JOB_FAILED, "boom");
    assertEquals(StepState.PENDING, step(failed, RestoreSteps.UNQUIESCE));
    assertEquals(3, failed.getQuiesced().get(0).getOriginalReplicas());

    RestoreRequestStatus back = t.unquiesced(failed);
    assertEquals(StepState.SUCCEEDED, step(back, RestoreSteps.UNQUIESCE));
    assertTrue(back.getQuiesced().isEmpty());
    assertEquals(RestorePhase.FAILED, back.getPhase());
  }

  @Test
  void quiesceWaitsForPodsUpToTheirGracePeriodPlusSlackThenFailsWithUnquiesceLeft() {
    request.getSpec().setQuiesce(new io.cadang.api.v1alpha1.Quiesce());
    request.getSpec().getQuiesce().setDeployments(List.of("web", "worker"));
    RestoreTransitions t = at(T0);
    QuiescedDeployment web = new QuiescedDeployment();
    web.setDeployment("web");
    web.setOriginalReplicas(3);
    RestoreRequestStatus recorded =
        t.quiesceRecorded(t.resolved(t.started(new RestoreRequestStatus()), run()), List.of(web));
    PodsStopping stopping = PodsStopping.of(java.util.Map.of("web", 2, "worker", 1), 60);

    RestoreRequestStatus waiting = at(T0.plusSeconds(180)).quiesceProgress(recorded, stopping);
    assertEquals(RestorePhase.PENDING, waiting.getPhase());
    assertEquals(StepState.RUNNING, step(waiting, RestoreSteps.QUIESCE));
    assertEquals(
        "scaled to 0, waiting for pods to stop: web (2 pods), worker (1 pod)",
        waiting.getSteps().get(1).getMessage());

    RestoreRequestStatus failed = at(T0.plusSeconds(181)).quiesceProgress(waiting, stopping);
    assertEquals(RestorePhase.FAILED, failed.getPhase());
    assertEquals("QuiesceTimeout", failed.getFailureReason());
    assertTrue(
        failed.getFailureMessage().startsWith("pods still present 180 s after scaling to 0"),
        failed.getFailureMessage());
    assertEquals(StepState.FAILED, step(failed, RestoreSteps.QUIESCE));
    assertEquals(StepState.PENDING, step(failed, RestoreSteps.UNQUIESCE));
    assertEquals(StepState.SKIPPED, step(failed, RestoreSteps.RESTORE));

    RestoreRequestStatus on =
        at(T0.plusSeconds(20))
            .quiesceProgress(waiting, PodsStopping.of(java.util.Map.of("web", 0), 60));
    assertEquals(StepState.SUCCEEDED, step(on, RestoreSteps.QUIESCE));
  }

  @Test
  void terminalPhasesNeverChange() {
    RestoreRequestStatus failed =
        at(T0).failed(jobCreated(at(T0)), ConditionReason.JOB_FAILED, "x");
    RestoreRequestStatus after =
        at(T0).observe(failed, new JobOutcome.Succeeded(result(Fixtures.restoreResult("b1"))));
    assertEquals(RestorePhase.FAILED, after.getPhase());
  }

  @Test
  void pointInTimeByTimeIsUnsupportedOnALogicalPolicy() {
    RestoreRequest byTime = Fixtures.restore("r", null, "nightly");
    PointInTime pit = new PointInTime();
    pit.setTime("2026-11-21T01:00:00Z");
    byTime.getSpec().getSource().setPointInTime(pit);
    var resolution =
        RestoreSources.resolve(
            byTime.getSpec().getSource(),
            null,
            Fixtures.policy("nightly", "http://s3", "bk"),
            List.of(run("a", "2026-11-20T02:01:00Z", BackupRunPhase.SUCCEEDED)));
    var refused = assertInstanceOf(RestoreSources.Unresolvable.class, resolution);
    assertEquals(ConditionReason.UNSUPPORTED, refused.reason());
    assertTrue(refused.message().contains("method Physical"), refused.message());
  }

  @Test
  void anLsnTargetStartsFromTheNewestBaseBackupEndingBeforeIt() {
    var policy = Fixtures.policy("nightly", "http://s3", "bk");
    policy.getSpec().setMethod(io.cadang.api.v1alpha1.BackupMethod.PHYSICAL);
    BackupRun first = physical("p1", "2026-11-20T02:01:00Z", "0/2000100");
    BackupRun second = physical("p2", "2026-11-21T02:01:00Z", "0/9000100");
    RestoreRequest byLsn = Fixtures.restore("r", null, "nightly");
    PointInTime pit = new PointInTime();
    byLsn.getSpec().getSource().setPointInTime(pit);

    pit.setLsn("0/8000000");
    var middle =
        RestoreSources.resolve(byLsn.getSpec().getSource(), null, policy, List.of(second, first));
    pit.setLsn("0/1000000");
    var tooEarly =
        RestoreSources.resolve(byLsn.getSpec().getSource(), null, policy, List.of(second, first));

    assertEquals(
        "p1", assertInstanceOf(RestoreSources.Found.class, middle).run().getMetadata().getName());
    assertEquals(
        ConditionReason.OUTSIDE_RECOVERY_WINDOW,
        assertInstanceOf(RestoreSources.Unresolvable.class, tooEarly).reason());
  }

  private BackupRun physical(String name, String completed, String stopLsn) {
    BackupRun r = run(name, completed, BackupRunPhase.SUCCEEDED);
    var facts = new io.cadang.api.v1alpha1.PostgresFacts();
    facts.setStartLsn("0/1000028");
    facts.setStopLsn(stopLsn);
    r.getStatus().setPostgres(facts);
    return r;
  }

  @Test
  void aPolicySourcePicksTheNewestSuccessfulRun() {
    BackupRun older = run("a", "2026-11-20T02:01:00Z", BackupRunPhase.SUCCEEDED);
    BackupRun newer = run("b", "2026-11-21T02:01:00Z", BackupRunPhase.SUCCEEDED);
    BackupRun failed = run("c", "2026-11-22T02:01:00Z", BackupRunPhase.FAILED);
    var resolution =
        RestoreSources.resolve(
            Fixtures.restore("r", null, "nightly").getSpec().getSource(),
            null,
            Fixtures.policy("nightly", "http://s3", "bk"),
            List.of(older, failed, newer));
    assertEquals(
        "b",
        assertInstanceOf(RestoreSources.Found.class, resolution).run().getMetadata().getName());
  }

  @Test
  void aMissingOrUnfinishedRunIsBackupNotFound() {
    var source = request.getSpec().getSource();
    var missing = RestoreSources.resolve(source, null, null, List.of());
    var running =
        RestoreSources.resolve(
            source, run("nightly-1", null, BackupRunPhase.RUNNING), null, List.of());
    assertEquals(
        ConditionReason.BACKUP_NOT_FOUND,
        assertInstanceOf(RestoreSources.Unresolvable.class, missing).reason());
    assertEquals(
        ConditionReason.BACKUP_NOT_FOUND,
        assertInstanceOf(RestoreSources.Unresolvable.class, running).reason());
  }

  private RestoreTransitions at(Instant now) {
    return new RestoreTransitions(request, now);
  }

  private RestoreRequestStatus jobCreated(RestoreTransitions t) {
    return t.jobCreated(t.resolved(t.started(new RestoreRequestStatus()), run()), "r");
  }

  private static BackupRun run() {
    return run("nightly-1", "2026-11-21T02:01:00Z", BackupRunPhase.SUCCEEDED);
  }

  private static BackupRun run(String name, String completion, BackupRunPhase phase) {
    BackupRun run = Fixtures.run(name, "nightly");
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(phase);
    status.setBackupId("b-" + name);
    status.setCompletionTime(completion);
    run.setStatus(status);
    return run;
  }

  private static AgentResult result(String json) {
    return AgentResult.parse(json).orElseThrow();
  }

  private static StepState step(RestoreRequestStatus s, String name) {
    return RestoreSteps.state(s.getSteps(), name).orElseThrow();
  }
}
