package io.cadang.controller.policy;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupTrigger;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestSpec;
import io.cadang.api.v1alpha1.RestoreSource;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.controller.schedule.RunNames;
import io.cadang.controller.schedule.Schedule;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.FakeJobController.Succeed;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BackupPolicy reconciler on the fabric8 mock API server: the fake Job controller finishes the
 * runs' Jobs, a real S3 server answers the reachability check and the deletion of expired backups.
 * Each test gets its own cluster and clock, which starts at the real time the mock stamps on
 * creation, so a policy's first slot is the next 02:00 UTC.
 */
class BackupPolicyReconcilerIT {
  private static S3TestServer s3;
  private static io.cadang.testkit.LockingS3Server locking;
  private OperatorHarness h;
  private Schedule schedule;
  private int touches;

  @BeforeAll
  static void startS3() {
    s3 = S3TestServer.start();
    s3.createBucket("policies");
    locking = io.cadang.testkit.LockingS3Server.start();
    locking.createBucket("unlocked");
    locking.createLockedBucket("locked");
  }

  @AfterAll
  static void stopS3() {
    s3.close();
    locking.close();
  }

  @BeforeEach
  void start() throws Exception {
    h = new OperatorHarness(Instant.now());
    schedule = Schedule.parse("0 2 * * *", "UTC");
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
    h.client.resource(Fixtures.secret("master-key", Map.of("key", "k".repeat(44)))).create();
    h.client.resource(Fixtures.secret("locking-s3", lockingEnv())).create();
    // Backups succeed at once; restores keep running, so a restore stays active while it matters.
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
  void scheduleCreatesTheRunAtTheSlotWithItsDeterministicName() {
    create("nightly", p -> {});
    Instant slot = firstSlot();
    awaitCondition("nightly", ConditionType.READY, "True", "Ready");
    await("next slot", () -> slot.toString().equals(status("nightly").getNextScheduleTime()));

    at(slot, "nightly");

    String name = RunNames.forSlot("nightly", slot);
    BackupRun run = awaitRunPhase(name, BackupRunPhase.SUCCEEDED);
    assertEquals(BackupTrigger.SCHEDULED, run.getSpec().getTrigger());
    assertEquals(slot.toString(), run.getSpec().getScheduledTime());
    assertEquals("nightly", run.getMetadata().getLabels().get("cadang.io/policy"));
    assertEquals("cadang", run.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertEquals("BackupPolicy", run.getMetadata().getOwnerReferences().get(0).getKind());
    await("last success", () -> name.equals(status("nightly").getLastSuccessfulRun()));
    assertEquals(slot.toString(), status("nightly").getLastScheduleTime());
    awaitCondition("nightly", ConditionType.LAST_BACKUP_SUCCEEDED, "True", "BackupSucceeded");
    awaitCondition("nightly", ConditionType.BACKUPS_CURRENT, "True", "BackupSucceeded");
    assertEquals(1, status("nightly").getBackups());
  }

  @Test
  void metricsShowTheNextScheduleAndTheLastSuccess() {
    create("nightly", p -> {});
    Instant slot = firstSlot();
    at(slot, "nightly");
    await("last success", () -> status("nightly").getLastSuccessTime() != null);
    Instant next = schedule.nextAfter(slot).orElseThrow();
    Instant success = Instant.parse(status("nightly").getLastSuccessTime());

    await(
        "next schedule series",
        () -> metric("cadang_backup_next_schedule_timestamp_seconds") == next.getEpochSecond());
    assertEquals(
        success.getEpochSecond(), metric("cadang_backup_last_success_timestamp_seconds"), 0.001);
  }

  @Test
  void manualRunCountsAsThePolicysRun() {
    create("nightly", p -> {});
    h.client.resource(Fixtures.run("nightly-by-hand", "nightly")).create();
    awaitRunPhase("nightly-by-hand", BackupRunPhase.SUCCEEDED);
    await(
        "manual run in status",
        () -> "nightly-by-hand".equals(status("nightly").getLastSuccessfulRun()));
  }

  @Test
  void slotIsSkippedWhileThePreviousRunIsStillRunning() {
    h.jobs.script(job -> new KeepRunning());
    create("nightly", p -> {});
    Instant first = firstSlot();
    Instant second = schedule.nextAfter(first).orElseThrow();
    at(first, "nightly");
    String running = RunNames.forSlot("nightly", first);
    awaitRunPhase(running, BackupRunPhase.RUNNING);

    at(second, "nightly");

    Condition scheduled =
        awaitCondition("nightly", ConditionType.SCHEDULED, "False", "SlotSkippedRunActive");
    String expected = "slot " + second + " skipped: run " + running + " still running";
    assertTrue(scheduled.getMessage().startsWith(expected), scheduled.getMessage());
    await("skip event", () -> events("nightly", "SlotSkipped").size() == 1);
    assertEquals(expected, events("nightly", "SlotSkipped").get(0).getMessage());
    assertNull(run(RunNames.forSlot("nightly", second)));
    assertEquals(second.toString(), status("nightly").getLastScheduleTime());
    assertEquals(running, status("nightly").getActiveRun());
  }

  @Test
  void suspendedPolicyCreatesNothing() throws Exception {
    create("paused", p -> p.getSpec().setSuspend(true));
    at(firstSlot(), "paused");
    awaitCondition("paused", ConditionType.SCHEDULED, "False", "Suspended");
    Thread.sleep(500);
    assertEquals(List.of(), runsOf("paused"));
  }

  @Test
  void invalidCronIsNotReadyNamesTheFieldAndCreatesNoRuns() throws Exception {
    create("bad-cron", p -> p.getSpec().setSchedule("0 25 * * *"));
    Condition ready = awaitCondition("bad-cron", ConditionType.READY, "False", "InvalidSchedule");
    assertTrue(ready.getMessage().startsWith("spec.schedule '0 25 * * *': "), ready.getMessage());
    assertNoRunsAfterTheSlot("bad-cron");
  }

  @Test
  void badTimeZoneIsNotReadyWarnsOnceAndFixingItClearsIt() throws Exception {
    create("mars", p -> p.getSpec().setTimeZone("Mars/Olympus"));
    Condition ready = awaitCondition("mars", ConditionType.READY, "False", "InvalidTimeZone");
    assertTrue(ready.getMessage().startsWith("spec.timeZone: 'Mars/Olympus' is not an IANA"));
    assertNoRunsAfterTheSlot("mars");
    assertEquals(1, events("mars", "InvalidTimeZone").size(), "one Warning per change");
    assertEquals("Warning", events("mars", "InvalidTimeZone").get(0).getType());

    h.client
        .resources(BackupPolicy.class)
        .inNamespace(NAMESPACE)
        .withName("mars")
        .edit(
            p -> {
              p.getSpec().setTimeZone("Asia/Jakarta");
              return p;
            });
    awaitCondition("mars", ConditionType.READY, "True", "Ready");
  }

  @Test
  void missingSecretIsNotReadyNamesTheFieldAndCreatesNoRuns() throws Exception {
    create(
        "no-secret",
        p -> p.getSpec().getSource().getPostgres().getCredentialsSecret().setName("missing-pg"));
    Condition ready = awaitCondition("no-secret", ConditionType.READY, "False", "SecretMissing");
    assertEquals(
        "spec.source.postgres.credentialsSecret.name: Secret 'missing-pg' not found",
        ready.getMessage());
    assertNoRunsAfterTheSlot("no-secret");
    assertEquals(1, events("no-secret", "SecretMissing").size());
  }

  @Test
  void unreachableRepositoryIsReportedButDoesNotStopScheduling() {
    create(
        "no-bucket",
        p -> p.getSpec().getStorage().getPrimary().getS3().setBucket("no-such-bucket"));
    Condition ready =
        awaitCondition("no-bucket", ConditionType.READY, "False", "RepositoryUnreachable");
    assertTrue(ready.getMessage().startsWith("repository 'primary'"), ready.getMessage());
    assertTrue(!ready.getMessage().contains(s3.secretKey()));
    Instant slot = firstSlot();
    at(slot, "no-bucket");
    await("run created", () -> run(RunNames.forSlot("no-bucket", slot)) != null);
  }

  @Test
  void retentionKeepLastDeletesTheOldestRunsAndTheirObjects() throws Exception {
    create("keep2", p -> p.getSpec().setRetention(keepLast(2)));
    java.util.List<String> expected = new java.util.ArrayList<>();
    Instant slot = firstSlot();
    for (int i = 0; i < 4; i++, slot = schedule.nextAfter(slot).orElseThrow()) {
      expected.add(RunNames.forSlot("keep2", slot));
    }
    try (io.cadang.agent.repository.Repository repo = repository("keep2")) {
      // What the agent would have stored for each run (its backup id is the run's name).
      for (String name : expected) {
        repo.put("backups/" + name + "/manifest.json", new byte[] {'{', '}'});
        repo.put("backups/" + name + "/db/app.dump.zst.cdg", new byte[] {1, 2, 3});
      }
      List<String> names = runSlots("keep2", 4);
      assertEquals(expected, names);

      await("two oldest deleted", () -> run(names.get(0)) == null && run(names.get(1)) == null);
      assertNotNull(run(names.get(2)));
      assertNotNull(run(names.get(3)));
      await("backups counted", () -> Integer.valueOf(2).equals(status("keep2").getBackups()));
      assertEquals(2, events("keep2", "RetentionDeleted").size());
      await(
          "objects of deleted runs removed from S3",
          () ->
              keys(repo).stream()
                  .noneMatch(k -> k.contains(names.get(0)) || k.contains(names.get(1))));
      assertEquals(4, keys(repo).size(), "the kept runs' objects remain: " + keys(repo));
    }
  }

  private io.cadang.agent.repository.Repository repository(String policy) throws Exception {
    BackupPolicy p =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(policy).get();
    return io.cadang.agent.repository.Repositories.open(
        io.cadang.controller.jobs.RepositoryUris.of(p.getSpec().getStorage().getPrimary()),
        java.util.Map.of(
            "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
  }

  private static List<String> keys(io.cadang.agent.repository.Repository repo) {
    try {
      return repo.list("backups/").stream().filter(k -> k.contains("keep2")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void objectLockOnABucketWithoutItIsNotReadyAndCreatesNoRuns() {
    createLocked("no-lock", "unlocked", keepLast(2));

    Condition ready =
        awaitCondition("no-lock", ConditionType.READY, "False", "ObjectLockUnavailable");
    assertEquals(
        "repository 'primary': bucket 'unlocked' does not have Object Lock enabled; it can only be"
            + " enabled when the bucket is created (aws s3api create-bucket"
            + " --object-lock-enabled-for-bucket)",
        ready.getMessage());
    Instant slot = firstSlot();
    at(slot, "no-lock");
    at(slot.plus(Duration.ofMinutes(5)), "no-lock");
    assertNull(run(RunNames.forSlot("no-lock", slot)), "no run while the lock cannot be kept");

    // A run applied by hand fails the same way, before any Job: nothing is written unlocked.
    h.client.resource(Fixtures.run("no-lock-manual", "no-lock")).create();
    await(
        "manual run failed",
        () ->
            run("no-lock-manual") != null
                && run("no-lock-manual").getStatus() != null
                && run("no-lock-manual").getStatus().getPhase() == BackupRunPhase.FAILED);
    assertEquals("ObjectLockUnavailable", run("no-lock-manual").getStatus().getFailureReason());
    assertTrue(
        run("no-lock-manual")
            .getStatus()
            .getFailureMessage()
            .startsWith("BackupPolicy is not Ready: repository 'primary': bucket 'unlocked'"),
        run("no-lock-manual").getStatus().getFailureMessage());
    assertNull(
        h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("no-lock-manual").get(),
        "no Job");
  }

  @Test
  void retentionDefersLockedBackupsAndSaysUntilWhen() throws Exception {
    createLocked("locked2", "locked", keepLast(2));
    awaitCondition("locked2", ConditionType.READY, "True", "Ready");
    List<String> names = new java.util.ArrayList<>();
    Instant slot = firstSlot();
    for (int i = 0; i < 4; i++, slot = schedule.nextAfter(slot).orElseThrow()) {
      names.add(RunNames.forSlot("locked2", slot));
    }
    BackupPolicy p =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("locked2").get();
    try (io.cadang.agent.repository.Repository repo =
        io.cadang.agent.repository.Repositories.open(
            io.cadang.controller.jobs.RepositoryUris.of(
                p.getSpec(), p.getSpec().getStorage().getPrimary()),
            lockingEnv())) {
      // What the agent would have stored, locked for retainFor (30 days of real time).
      for (String name : names) {
        repo.put("backups/" + name + "/manifest.json", new byte[] {'{', '}'});
      }
      assertEquals(names, runSlots("locked2", 4));

      await(
          "both runs retention would delete are marked locked",
          () -> lockedUntil(names.get(0)) != null && lockedUntil(names.get(1)) != null);
      Instant until = Instant.parse(lockedUntil(names.get(0)));
      assertTrue(
          until.isAfter(Instant.now().plus(Duration.ofDays(29))), "locked for 30 days: " + until);
      assertNotNull(run(names.get(0)), "a locked backup's run is kept");
      assertNotNull(run(names.get(1)));
      assertEquals(List.of(), events("locked2", "RetentionDeleted"));
      List<Event> deferred = events("locked2", "RetentionDeferred");
      assertTrue(
          deferred.stream()
              .anyMatch(
                  e ->
                      e.getMessage()
                          .equals(
                              "BackupRun "
                                  + names.get(0)
                                  + " is under Object Lock until "
                                  + until
                                  + "; retention deletes it then")),
          deferred.toString());
      assertEquals(4, repo.list("backups/").size(), "every locked object is still there");
    }
  }

  private String lockedUntil(String run) {
    BackupRun r = run(run);
    return r == null || r.getMetadata().getAnnotations() == null
        ? null
        : r.getMetadata()
            .getAnnotations()
            .get(io.cadang.api.v1alpha1.CadangApi.LOCKED_UNTIL_ANNOTATION);
  }

  private static Map<String, String> lockingEnv() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        locking.rootAccessKey(),
        "AWS_SECRET_ACCESS_KEY",
        locking.rootSecretKey());
  }

  /** A policy on the Object Lock server; retainFor 30d, Governance. */
  private void createLocked(String name, String bucket, Retention retention) {
    BackupPolicy policy = Fixtures.policy(name, locking.endpoint().toString(), bucket);
    policy.getSpec().getStorage().getPrimary().getS3().getCredentialsSecret().setName("locking-s3");
    io.cadang.api.v1alpha1.ObjectLock lock = new io.cadang.api.v1alpha1.ObjectLock();
    lock.setMode(io.cadang.api.v1alpha1.ObjectLockMode.GOVERNANCE);
    lock.setRetainFor("30d");
    policy.getSpec().getStorage().getPrimary().setObjectLock(lock);
    policy.getSpec().setRetention(retention);
    h.client.resource(policy).create();
  }

  @Test
  void retentionKeepsARunAnActiveRestoreIsReading() {
    create("keep1", p -> p.getSpec().setRetention(keepLast(3)));
    List<String> names = runSlots("keep1", 3);
    restoreFrom(names.get(0));

    // Tighten retention while the restore reads the oldest run: the middle one goes, the oldest
    // (in use) and the newest stay.
    BackupPolicy policy =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName("keep1").get();
    policy.getSpec().setRetention(keepLast(1));
    h.client.resource(policy).update();

    await("unused older run deleted", () -> run(names.get(1)) == null);
    assertNotNull(run(names.get(0)), "in use by a restore");
    assertNotNull(run(names.get(2)), "newest success");
  }

  @Test
  void backupSlotWaitsWhileARestoreOfThePolicyIsRunning() {
    create("restoring", p -> {});
    List<String> names = runSlots("restoring", 1);
    restoreFrom(names.get(0));
    Instant next = schedule.nextAfter(firstSlot()).orElseThrow();

    at(next, "restoring");

    Condition scheduled =
        awaitCondition("restoring", ConditionType.SCHEDULED, "False", "SlotSkippedRunActive");
    assertTrue(
        scheduled.getMessage().contains("a restore of this policy's backups"),
        scheduled.getMessage());
    assertNull(run(RunNames.forSlot("restoring", next)));
  }

  @Test
  void backupsBecomeStaleWhenNoSuccessWithinIntervalPlusGrace() {
    create("nightly", p -> {});
    Instant slot = firstSlot();
    at(slot, "nightly");
    awaitCondition("nightly", ConditionType.BACKUPS_CURRENT, "True", "BackupSucceeded");
    Instant success = Instant.parse(status("nightly").getLastSuccessTime());

    // One daily interval plus 2h24m grace: the next slot was missed (operator down), not run.
    at(success.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(150)), "nightly");

    Condition current = awaitCondition("nightly", ConditionType.BACKUPS_CURRENT, "False", "Stale");
    assertTrue(current.getMessage().contains("older than"), current.getMessage());
  }

  // --- given / when helpers ---

  private void create(String name, Consumer<BackupPolicy> change) {
    BackupPolicy policy = Fixtures.policy(name, s3.endpoint().toString(), "policies");
    change.accept(policy);
    h.client.resource(policy).create();
  }

  private static Retention keepLast(int n) {
    Retention r = new Retention();
    r.setKeepLast(n);
    return r;
  }

  /** Runs slots one to {@code n} (the ones not yet run) to success; returns all their names. */
  private List<String> runSlots(String policy, int n) {
    List<String> names = new java.util.ArrayList<>();
    Instant slot = firstSlot();
    for (int i = 0; i < n; i++, slot = schedule.nextAfter(slot).orElseThrow()) {
      String name = RunNames.forSlot(policy, slot);
      names.add(name);
      if (!slot.isAfter(h.clock.instant())) {
        continue;
      }
      at(slot, policy);
      awaitRunPhase(name, BackupRunPhase.SUCCEEDED);
      await(name + " seen by the policy", () -> name.equals(status(policy).getLastSuccessfulRun()));
    }
    return names;
  }

  private void restoreFrom(String run) {
    RestoreSource source = new RestoreSource();
    source.setBackupRun(run);
    RestoreRequestSpec spec = new RestoreRequestSpec();
    spec.setSource(source);
    io.cadang.api.v1alpha1.TargetDatabase database = new io.cadang.api.v1alpha1.TargetDatabase();
    database.setHost("db-restore.example.internal");
    database.setName("app_restored");
    database.setCreateDatabase(true);
    io.cadang.api.v1alpha1.PostgresCredentialsSecret creds =
        new io.cadang.api.v1alpha1.PostgresCredentialsSecret();
    creds.setName("pg-credentials");
    database.setCredentialsSecret(creds);
    io.cadang.api.v1alpha1.RestoreTarget target = new io.cadang.api.v1alpha1.RestoreTarget();
    target.setDatabase(database);
    target.setSourceDatabase("app");
    spec.setTarget(target);
    RestoreRequest restore = new RestoreRequest();
    restore.setMetadata(
        new ObjectMetaBuilder().withName("restore-" + run).withNamespace(NAMESPACE).build());
    restore.setSpec(spec);
    h.client.resource(restore).create();
  }

  private Instant firstSlot() {
    BackupPolicy any =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).list().getItems().get(0);
    return schedule
        .nextAfter(Instant.parse(any.getMetadata().getCreationTimestamp()))
        .orElseThrow();
  }

  /** Moves the clock a minute past {@code slot} and wakes the reconciler with a metadata edit. */
  private void at(Instant slot, String policy) {
    h.clock.set(slot.plus(Duration.ofMinutes(1)));
    int touch = ++touches;
    for (int attempt = 1; ; attempt++) {
      try {
        h.client
            .resources(BackupPolicy.class)
            .inNamespace(NAMESPACE)
            .withName(policy)
            .edit(
                p -> {
                  p.getMetadata().getAnnotations().put("test/touch", Integer.toString(touch));
                  return p;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e; // 409: the operator wrote status or its finalizer in between; edit again
        }
      }
    }
  }

  private void assertNoRunsAfterTheSlot(String policy) throws InterruptedException {
    at(firstSlot(), policy);
    Thread.sleep(500);
    assertEquals(List.of(), runsOf(policy));
  }

  // --- observations ---

  private io.cadang.api.v1alpha1.BackupPolicyStatus status(String policy) {
    BackupPolicy p =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(policy).get();
    return p.getStatus() == null ? new io.cadang.api.v1alpha1.BackupPolicyStatus() : p.getStatus();
  }

  private Condition awaitCondition(
      String policy, ConditionType type, String status, String reason) {
    await(
        policy + " " + type + "=" + status + " " + reason,
        () ->
            Conditions.find(status(policy).getConditions(), type)
                .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                .isPresent());
    return Conditions.find(status(policy).getConditions(), type).orElseThrow();
  }

  private BackupRun run(String name) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private BackupRun awaitRunPhase(String name, BackupRunPhase phase) {
    try {
      await(
          name + " " + phase,
          () ->
              Optional.ofNullable(run(name))
                  .map(r -> r.getStatus() != null && r.getStatus().getPhase() == phase)
                  .orElse(false));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; run is " + run(name), e);
    }
    return run(name);
  }

  private List<String> runsOf(String policy) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(r -> policy.equals(r.getSpec().getPolicyRef().getName()))
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  private List<Event> events(String policy, String reason) {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private double metric(String name) {
    String prefix = name + "{namespace=\"" + NAMESPACE + "\",policy=\"nightly\"}";
    return h.scrape()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> Double.parseDouble(l.substring(prefix.length()).trim()))
        .findFirst()
        .orElse(Double.NaN);
  }
}
