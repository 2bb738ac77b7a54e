package io.cadang.controller.backuprun;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.runtime.SecretValues;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.MockCluster;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a backup from the primary and, after spec.storage.replicaDeletionDelay, from every
 * replica (real S3 through s3proxy): no single step deletes every copy; a replica that fails does
 * not keep the primary's copy, is reported by a Warning Event and retried.
 */
class RepositoryBackupRunCleanerTest {
  private static S3TestServer s3;
  private static MockCluster cluster;
  private static Map<String, String> env;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
    s3.createBucket("clean-primary");
    s3.createBucket("clean-west");
    cluster = MockCluster.start(NAMESPACE);
    env = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    cluster.client().resource(Fixtures.secret("s3-credentials", env)).create();
    cluster.client().resource(Fixtures.secret("west-s3", env)).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
    s3.close();
  }

  @Test
  void replicasKeepTheirCopyForTheDelayThenAFailingReplicaIsRetriedUntilItWorks() throws Exception {
    String endpoint = s3.endpoint().toString();
    BackupPolicy policy = Fixtures.policy("mirrored", endpoint, "clean-primary");
    policy
        .getSpec()
        .getStorage()
        .setReplicas(
            List.of(
                Fixtures.replica("dr-west", endpoint, "clean-west", "west-s3"),
                Fixtures.replica("dr-gone", endpoint, "clean-not-yet", "west-s3")));
    BackupRun run = cluster.client().resource(Fixtures.run("mirrored-7", "mirrored")).create();
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(BackupRunPhase.SUCCEEDED);
    status.setBackupId("b-7");
    run.setStatus(status);
    Instant deletedAt = Instant.parse("2026-12-07T10:00:00Z");
    run.getMetadata().setDeletionTimestamp(deletedAt.toString());
    for (var repo : List.of(policy.getSpec().getStorage().getPrimary(), replica(policy, 0))) {
      put(
          repo,
          "backups/b-7/manifest.json",
          "backups/b-7/db/app.dump.zst.cdg",
          "backups/b-8/manifest.json");
    }
    RepositoryBackupRunCleaner cleaner =
        new RepositoryBackupRunCleaner(
            new SecretValues(cluster.client()),
            new EventRecorder(cluster.client(), Clock.systemUTC()));

    BackupRunCleaner.Progress first = cleaner.deleteObjects(run, policy, deletedAt);

    // The primary's copy goes at once; the replicas keep theirs for the default 24 h.
    assertEquals(
        List.of("backups/b-8/manifest.json"), list(policy.getSpec().getStorage().getPrimary()));
    assertEquals(
        List.of(
            "backups/b-7/db/app.dump.zst.cdg",
            "backups/b-7/manifest.json",
            "backups/b-8/manifest.json"),
        list(replica(policy, 0)));
    assertEquals(deletedAt.plus(Duration.ofHours(24)), first.retryAt());
    assertEquals(
        "backup b-7 is deleted from the primary; its copies in 2 replica repositories are deleted"
            + " at 2026-12-08T10:00:00Z (spec.storage.replicaDeletionDelay)",
        first.why());

    Instant later = deletedAt.plus(Duration.ofHours(24)).plusSeconds(1);
    BackupRunCleaner.Progress second = cleaner.deleteObjects(run, policy, later);

    assertEquals(later.plus(RepositoryBackupRunCleaner.REPLICA_RETRY), second.retryAt());
    assertEquals("backup b-7 still has copies in replica repositories dr-gone", second.why());
    assertEquals(List.of("backups/b-8/manifest.json"), list(replica(policy, 0)));
    Event warning =
        cluster.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
            .filter(e -> "ReplicaDeleteFailed".equals(e.getReason()))
            .findFirst()
            .orElseThrow();
    assertEquals("Warning", warning.getType());
    assertEquals("mirrored-7", warning.getInvolvedObject().getName());
    assertTrue(
        warning
            .getMessage()
            .startsWith(
                "backup b-7 deleted from the primary but not from replica repository 'dr-gone'"),
        warning.getMessage());
    assertTrue(!warning.getMessage().contains(s3.secretKey()), "no secret in an Event");

    s3.createBucket("clean-not-yet"); // the replica is back
    assertTrue(cleaner.deleteObjects(run, policy, later).done());
  }

  @Test
  void aLockedBackupIsDeletedWhenItsLockExpiresWithEveryVersion() throws Exception {
    try (io.cadang.testkit.LockingS3Server locking = io.cadang.testkit.LockingS3Server.start()) {
      locking.createLockedBucket("clean-locked");
      Map<String, String> root =
          Map.of(
              "AWS_ACCESS_KEY_ID",
              locking.rootAccessKey(),
              "AWS_SECRET_ACCESS_KEY",
              locking.rootSecretKey());
      cluster.client().resource(Fixtures.secret("locking-s3", root)).createOr(r -> r.update());
      BackupPolicy policy =
          Fixtures.policy("locked", locking.endpoint().toString(), "clean-locked");
      policy
          .getSpec()
          .getStorage()
          .getPrimary()
          .getS3()
          .getCredentialsSecret()
          .setName("locking-s3");
      io.cadang.api.v1alpha1.ObjectLock lock = new io.cadang.api.v1alpha1.ObjectLock();
      lock.setMode(io.cadang.api.v1alpha1.ObjectLockMode.COMPLIANCE);
      lock.setRetainFor("3s");
      policy.getSpec().getStorage().getPrimary().setObjectLock(lock);
      BackupRun run = Fixtures.run("locked-1", "locked");
      BackupRunStatus status = new BackupRunStatus();
      status.setBackupId("l-1");
      run.setStatus(status);
      run.getMetadata().setDeletionTimestamp(Instant.now().toString());
      String uri = RepositoryUris.of(policy.getSpec(), policy.getSpec().getStorage().getPrimary());
      try (Repository repo = Repositories.open(uri, root)) {
        repo.put("backups/l-1/db/app.dump.zst.cdg", new byte[] {1});
        repo.put("backups/l-1/manifest.json", new byte[] {'{', '}'});
        Instant until = repo.lockedUntil("backups/l-1/manifest.json").orElseThrow();
        RepositoryBackupRunCleaner cleaner =
            new RepositoryBackupRunCleaner(
                new SecretValues(cluster.client()),
                new EventRecorder(cluster.client(), Clock.systemUTC()));

        BackupRunCleaner.Progress held = cleaner.deleteObjects(run, policy, Instant.now());

        assertEquals(until, held.retryAt());
        assertEquals(
            "backup l-1 is under Object Lock in repository 'primary' until "
                + until
                + "; its data is deleted then",
            held.why());
        assertEquals(2, repo.list("backups/").size(), "nothing attempted before the date");

        while (!Instant.now().isAfter(until.plusMillis(500))) {
          Thread.sleep(200);
        }
        assertTrue(cleaner.deleteObjects(run, policy, Instant.now()).done());
        assertEquals(List.of(), repo.list("backups/"));
        assertEquals(
            List.of(),
            locking.rootClient().listObjectVersions(r -> r.bucket("clean-locked")).versions(),
            "no version left behind a delete marker");
      }
    }
  }

  @Test
  void writeOnlyPodCredentialsDeleteNothingAndTheOperatorsDeleteCredentialDoes() throws Exception {
    try (io.cadang.testkit.LockingS3Server server = io.cadang.testkit.LockingS3Server.start()) {
      server.createBucket("clean-wo");
      var agent = server.createWriteOnlyUser("clean-wo");
      Map<String, String> writeOnly =
          Map.of(
              "AWS_ACCESS_KEY_ID", agent.accessKey(), "AWS_SECRET_ACCESS_KEY", agent.secretKey());
      cluster.client().resource(Fixtures.secret("wo-s3", writeOnly)).createOr(r -> r.update());
      cluster
          .client()
          .resource(
              Fixtures.secret(
                  "delete-s3",
                  Map.of(
                      "AWS_ACCESS_KEY_ID",
                      server.rootAccessKey(),
                      "AWS_SECRET_ACCESS_KEY",
                      server.rootSecretKey())))
          .createOr(r -> r.update());
      BackupPolicy policy = Fixtures.policy("wo", server.endpoint().toString(), "clean-wo");
      policy.getSpec().getStorage().getPrimary().getS3().getCredentialsSecret().setName("wo-s3");
      BackupRun run = Fixtures.run("wo-1", "wo");
      BackupRunStatus status = new BackupRunStatus();
      status.setBackupId("w-1");
      run.setStatus(status);
      run.getMetadata().setDeletionTimestamp("2026-12-07T10:00:00Z");
      Instant now = Instant.parse("2026-12-07T10:00:00Z");
      put(policy.getSpec().getStorage().getPrimary(), writeOnly, "backups/w-1/manifest.json");
      RepositoryBackupRunCleaner cleaner =
          new RepositoryBackupRunCleaner(
              new SecretValues(cluster.client()),
              new EventRecorder(cluster.client(), Clock.systemUTC()));

      BackupRunCleaner.Progress refused = cleaner.deleteObjects(run, policy, now);

      assertEquals(now.plus(RepositoryBackupRunCleaner.LIFECYCLE_RECHECK), refused.retryAt());
      assertTrue(
          refused
              .why()
              .startsWith(
                  "backup w-1 cannot be deleted from repository 'primary' with its credentials"),
          refused.why());
      assertTrue(refused.why().endsWith("this run goes once the objects are gone"), refused.why());
      assertTrue(!refused.why().contains(agent.secretKey()), "no secret in the message");
      assertEquals(
          List.of("backups/w-1/manifest.json"),
          list(policy.getSpec().getStorage().getPrimary(), writeOnly));

      io.cadang.api.v1alpha1.S3CredentialsSecret deleteCreds =
          new io.cadang.api.v1alpha1.S3CredentialsSecret();
      deleteCreds.setName("delete-s3");
      policy.getSpec().getStorage().getPrimary().getS3().setDeleteCredentialsSecret(deleteCreds);

      assertTrue(cleaner.deleteObjects(run, policy, now).done());
      assertEquals(List.of(), list(policy.getSpec().getStorage().getPrimary(), writeOnly));
    }
  }

  @Test
  void aZeroDelayDeletesTheReplicasInTheSamePass() throws Exception {
    String endpoint = s3.endpoint().toString();
    s3.createBucket("clean-zero");
    s3.createBucket("clean-zero-west");
    BackupPolicy policy = Fixtures.policy("zero", endpoint, "clean-zero");
    policy
        .getSpec()
        .getStorage()
        .setReplicas(List.of(Fixtures.replica("dr-west", endpoint, "clean-zero-west", "west-s3")));
    policy.getSpec().getStorage().setReplicaDeletionDelay("0s");
    BackupRun run = Fixtures.run("zero-1", "zero");
    BackupRunStatus status = new BackupRunStatus();
    status.setBackupId("z-1");
    run.setStatus(status);
    run.getMetadata().setDeletionTimestamp("2026-12-07T10:00:00Z");
    for (var repo : List.of(policy.getSpec().getStorage().getPrimary(), replica(policy, 0))) {
      put(repo, "backups/z-1/manifest.json");
    }
    RepositoryBackupRunCleaner cleaner =
        new RepositoryBackupRunCleaner(
            new SecretValues(cluster.client()),
            new EventRecorder(cluster.client(), Clock.systemUTC()));

    assertTrue(cleaner.deleteObjects(run, policy, Instant.parse("2026-12-07T10:00:00Z")).done());
    assertEquals(List.of(), list(replica(policy, 0)));
  }

  private static io.cadang.api.v1alpha1.Repository replica(BackupPolicy policy, int i) {
    return policy.getSpec().getStorage().getReplicas().get(i);
  }

  private static void put(io.cadang.api.v1alpha1.Repository spec, String... keys) throws Exception {
    put(spec, env, keys);
  }

  private static void put(
      io.cadang.api.v1alpha1.Repository spec, Map<String, String> env, String... keys)
      throws Exception {
    try (Repository repo = Repositories.open(RepositoryUris.of(spec), env)) {
      for (String key : keys) {
        repo.put(key, "x".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static List<String> list(io.cadang.api.v1alpha1.Repository spec) throws Exception {
    return list(spec, env);
  }

  private static List<String> list(io.cadang.api.v1alpha1.Repository spec, Map<String, String> env)
      throws Exception {
    try (Repository repo = Repositories.open(RepositoryUris.of(spec), env)) {
      return repo.list("backups/");
    }
  }
}
