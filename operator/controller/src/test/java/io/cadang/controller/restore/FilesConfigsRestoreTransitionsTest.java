package io.cadang.controller.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestStatus;
import io.cadang.api.v1alpha1.StepState;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.JobOutcome;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Files and configs restore results (as docs/restorerequest.md shows them) become status. */
class FilesConfigsRestoreTransitionsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
  private final RestoreRequest request = Fixtures.restore("r", "uploads-1", null);

  @Test
  void verifiedFilesSucceedWithCountsAndTheVerifiedCondition() {
    RestoreRequestStatus done =
        t().observe(
                jobCreated(),
                new JobOutcome.Succeeded(
                    result(
                        "{\"backupId\":\"b1\",\"filesRestored\":1204,\"filesVerified\":1180,"
                            + "\"fileMismatches\":[],\"verified\":true}")));

    assertEquals(RestorePhase.SUCCEEDED, done.getPhase());
    assertEquals(1204L, done.getFiles().getFilesRestored());
    assertEquals(1180L, done.getFiles().getFilesVerified());
    assertNull(done.getFiles().getMismatches());
    assertEquals(StepState.SUCCEEDED, step(done, RestoreSteps.VERIFY));
    assertEquals(
        "True",
        Conditions.find(done.getConditions(), ConditionType.VERIFIED).orElseThrow().getStatus());
  }

  @Test
  void aFileWhoseChecksumDiffersFailsVerificationNamingIt() {
    AgentResult report =
        result(
            "{\"backupId\":\"b1\",\"filesRestored\":3,\"filesVerified\":2,\"fileMismatches\":"
                + "[{\"path\":\"uploads/a.png\",\"problem\":\"sha256 mismatch\"}],"
                + "\"verified\":false,\"error\":\"1 file(s) differ\"}");

    RestoreRequestStatus done =
        t().observe(
                jobCreated(), new JobOutcome.Failed(ConditionReason.AGENT_ERROR, "exit 3", report));

    assertEquals(RestorePhase.FAILED, done.getPhase());
    assertEquals("VerificationFailed", done.getFailureReason());
    assertEquals(
        "1 restored file(s) differ from the backup, e.g. uploads/a.png: sha256 mismatch",
        done.getFailureMessage());
    assertEquals("uploads/a.png", done.getFiles().getMismatches().get(0).getPath());
    assertEquals(StepState.FAILED, step(done, RestoreSteps.VERIFY));
  }

  @Test
  void aConfigsDryRunSucceedsListingWhatWouldChangeAndAppliesNothing() {
    RestoreRequestStatus done =
        t().observe(
                jobCreated(),
                new JobOutcome.Succeeded(
                    result(
                        "{\"backupId\":\"b1\",\"configs\":{\"created\":1,\"changed\":2,"
                            + "\"unchanged\":40,\"applied\":false,\"changes\":"
                            + "[\"ConfigMap luxima/app-config\",\"Deployment luxima/api\"]}}")));

    assertEquals(RestorePhase.SUCCEEDED, done.getPhase());
    assertEquals(false, done.getConfigs().getApplied());
    assertEquals(2L, done.getConfigs().getChanged());
    assertEquals("Deployment luxima/api", done.getConfigs().getChanges().get(1));
    String message =
        Conditions.find(done.getConditions(), ConditionType.COMPLETE).orElseThrow().getMessage();
    assertTrue(
        message.contains("dry-run only, nothing applied: 1 created, 2 changed, 40 unchanged"),
        message);
    assertEquals(StepState.SKIPPED, step(done, RestoreSteps.VERIFY));
  }

  private RestoreTransitions t() {
    return new RestoreTransitions(request, T0);
  }

  private RestoreRequestStatus jobCreated() {
    RestoreTransitions t = t();
    BackupRun run = Fixtures.run("uploads-1", "uploads");
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(BackupRunPhase.SUCCEEDED);
    status.setBackupId("b1");
    status.setCompletionTime("2026-11-21T02:01:00Z");
    run.setStatus(status);
    return t.jobCreated(t.resolved(t.started(new RestoreRequestStatus()), run), "r");
  }

  private static AgentResult result(String json) {
    return AgentResult.parse(json).orElseThrow();
  }

  private static StepState step(RestoreRequestStatus s, String name) {
    return RestoreSteps.state(s.getSteps(), name).orElseThrow();
  }
}
