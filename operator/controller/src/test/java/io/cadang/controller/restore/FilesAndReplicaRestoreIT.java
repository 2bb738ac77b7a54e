package io.cadang.controller.restore;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.FilesTarget;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.controller.testing.FakeJobController.Behaviour;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.FakeJobController.Succeed;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RestoreRequests of a files backup and from a replica repository, end to end on the mock API
 * server: source resolution, the Job the reconciler creates, and the status from the agent's
 * report.
 */
class FilesAndReplicaRestoreIT {
  private static OperatorHarness h;

  @BeforeAll
  static void start() {
    h = new OperatorHarness(Instant.parse("2026-11-21T02:00:00Z"));
    h.jobs.script(FilesAndReplicaRestoreIT::behaviour);
    BackupPolicy mirrored = Fixtures.policy("mirrored", "http://s3.invalid:9000", "bk");
    mirrored.getSpec().setSuspend(true);
    mirrored
        .getSpec()
        .getStorage()
        .setReplicas(
            List.of(Fixtures.replica("dr-west", "http://s3-west.invalid:9000", "bk-west", "west")));
    h.client.resource(mirrored).create();
    BackupPolicy uploads = Fixtures.filesPolicy("uploads", "http://s3.invalid:9000", "uploads-pvc");
    uploads.getSpec().setSuspend(true);
    h.client.resource(uploads).create();
    backupSucceeded("mirrored-1", "mirrored");
    backupSucceeded("uploads-1", "uploads");
  }

  private static Behaviour behaviour(Job job) {
    String name = job.getMetadata().getName();
    return switch (name) {
      case "mirrored-1" -> new Succeed(Fixtures.agentResult(name, 4096));
      case "uploads-1" ->
          new Succeed(
              "{\"backupId\":\"uploads-1\",\"kind\":\"files\",\"rawBytes\":10,\"storedBytes\":5,"
                  + "\"objects\":[],\"files\":{\"entries\":3,\"regularFiles\":2,\"bytes\":10,"
                  + "\"changedCount\":1,\"changed\":[\"uploads/live.log\"]},"
                  + "\"warnings\":[\"1 file changed while it was read: uploads/live.log\"]}");
      case "from-dr" -> new Succeed(Fixtures.restoreResult("mirrored-1"));
      case "files-back" ->
          new Succeed(
              "{\"backupId\":\"uploads-1\",\"filesRestored\":3,\"filesVerified\":2,"
                  + "\"fileMismatches\":[],\"verified\":true}");
      default -> new KeepRunning();
    };
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void aFilesRunRecordsItsKindSummaryAndWarnings() {
    BackupRun run =
        h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName("uploads-1").get();

    assertEquals("files", run.getStatus().getKind());
    assertEquals(2L, run.getStatus().getFiles().getRegularFiles());
    assertEquals(List.of("uploads/live.log"), run.getStatus().getFiles().getChanged());
    assertEquals(1, run.getStatus().getWarnings().size());
    assertNull(run.getStatus().getPostgres(), "no PostgreSQL facts for files");
  }

  @Test
  void aRestoreFromANamedReplicaReadsThatRepository() {
    RestoreRequest request = Fixtures.restore("from-dr", "mirrored-1", null);
    request.getSpec().getSource().setRepository("dr-west");
    RestoreRequest done = createAndAwaitTerminal(request);

    assertEquals(RestorePhase.SUCCEEDED, done.getStatus().getPhase());
    assertEquals("dr-west", done.getStatus().getRepository());
    Container agent = agent("from-dr");
    assertTrue(
        agent.getArgs().stream().anyMatch(a -> a.startsWith("--repo=s3://bk-west?")),
        agent.getArgs().toString());
    assertEquals(
        "west",
        agent.getEnv().stream()
            .filter(e -> e.getName().equals("AWS_ACCESS_KEY_ID"))
            .findFirst()
            .orElseThrow()
            .getValueFrom()
            .getSecretKeyRef()
            .getName());
  }

  @Test
  void aFilesBackupIsRestoredIntoAClaimAndVerified() {
    RestoreRequest request = Fixtures.restore("files-back", "uploads-1", null);
    FilesTarget files = new FilesTarget();
    files.setClaimName("uploads-restored");
    RestoreTarget target = new RestoreTarget();
    target.setFiles(files);
    request.getSpec().setTarget(target);
    RestoreRequest done = createAndAwaitTerminal(request);

    assertEquals(RestorePhase.SUCCEEDED, done.getStatus().getPhase());
    assertEquals(3L, done.getStatus().getFiles().getFilesRestored());
    assertTrue(agent("files-back").getArgs().contains("--files-into=/restore"));
  }

  @Test
  void aFilesBackupIntoADatabaseIsRefusedBeforeAnyJob() {
    RestoreRequest done =
        createAndAwaitTerminal(Fixtures.restore("files-into-db", "uploads-1", null));

    assertEquals(RestorePhase.FAILED, done.getStatus().getPhase());
    assertEquals("InvalidSpec", done.getStatus().getFailureReason());
    assertEquals(
        "BackupRun 'uploads-1' is a files backup: restore it with spec.target.files",
        done.getStatus().getFailureMessage());
    assertNull(h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("files-into-db").get());
  }

  @Test
  void anUnknownRepositoryFailsWithInvalidSpec() {
    RestoreRequest request = Fixtures.restore("from-nowhere", "mirrored-1", null);
    request.getSpec().getSource().setRepository("dr-mars");
    RestoreRequest done = createAndAwaitTerminal(request);

    assertEquals("InvalidSpec", done.getStatus().getFailureReason());
    assertTrue(
        done.getStatus().getFailureMessage().contains("'dr-mars' is not a repository"),
        done.getStatus().getFailureMessage());
  }

  private static Container agent(String job) {
    return h.client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withName(job)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static void backupSucceeded(String run, String policy) {
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

  private static RestoreRequest createAndAwaitTerminal(RestoreRequest request) {
    h.client.resource(request).create();
    String name = request.getMetadata().getName();
    await(
        name + " terminal",
        () -> {
          RestoreRequest r = get(name);
          return r != null
              && r.getStatus() != null
              && r.getStatus().getPhase() != null
              && r.getStatus().getPhase().terminal();
        });
    return get(name);
  }

  private static RestoreRequest get(String name) {
    return h.client.resources(RestoreRequest.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
