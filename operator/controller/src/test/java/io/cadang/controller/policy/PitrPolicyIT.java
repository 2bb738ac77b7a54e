package io.cadang.controller.policy;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.BackupMethod;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.DataDirectoryTarget;
import io.cadang.api.v1alpha1.Pitr;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.FakeJobController.Succeed;
import io.cadang.controller.testing.FakeWalArchiveReader;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Point-in-time recovery on the operator side, on the fabric8 mock: the WAL streamer Deployment,
 * the WalArchiving condition and metrics from the streamer's report (scripted through {@link
 * FakeWalArchiveReader}, or read for real from s3proxy), the recovery window, and restores that
 * recover to a point in time. The fake Job controller plays the agent: base backups report their
 * LSNs, recoveries the point they reached.
 */
class PitrPolicyIT {
  private static final String POLICY = "orders";
  private static S3TestServer s3;
  private final FakeWalArchiveReader wal = new FakeWalArchiveReader();
  private OperatorHarness h;
  private int touches;

  @BeforeAll
  static void startS3() {
    s3 = S3TestServer.start();
    s3.createBucket("pitr");
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  void start(boolean fakeWal) {
    h = new OperatorHarness(Instant.now(), c -> fakeWal ? c.withWalArchives(wal) : c);
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
    // Base backups report their WAL positions: run "<policy>-base-N" starts in segment N.
    h.jobs.script(
        job -> {
          String component = job.getMetadata().getLabels().get("app.kubernetes.io/component");
          String name = job.getMetadata().getName();
          if ("restore".equals(component)) {
            return name.startsWith("keep-") ? new KeepRunning() : new Succeed(recoverResult(name));
          }
          // Scheduled runs ("orders-202611220200") fire when a test moves the clock past 02:00;
          // they start after every base backup named here.
          int n = name.contains("-base-") ? Integer.parseInt(name.replaceAll(".*-", "")) : 0x40;
          return new Succeed(physicalResult(name, n));
        });
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void pitrRunsOneOwnedWalStreamerThatSurvivesSuspendAndGoesWithPitr() {
    start(true);
    create(p -> {});

    Deployment d = awaitDeployment();
    assertEquals(1, d.getSpec().getReplicas());
    assertEquals("Recreate", d.getSpec().getStrategy().getType());
    assertEquals("BackupPolicy", d.getMetadata().getOwnerReferences().get(0).getKind());
    assertEquals(POLICY, d.getMetadata().getOwnerReferences().get(0).getName());
    assertTrue(d.getMetadata().getOwnerReferences().get(0).getController());
    Container agent = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("wal-stream", agent.getArgs().get(0));
    assertTrue(agent.getArgs().contains("--slot=cadang_orders"), agent.getArgs().toString());
    assertTrue(agent.getArgs().contains("--partial-interval=10s"));
    assertTrue(agent.getArgs().contains("--spool-dir=/spool"));
    assertTrue(agent.getArgs().contains("--key-env=CADANG_MASTER_KEY"));
    assertTrue(agent.getArgs().stream().noneMatch(a -> a.contains("pw") || a.contains("kkkk")));
    assertEquals(
        "pg-credentials",
        agent.getEnv().stream()
            .filter(e -> e.getName().equals("PGPASSWORD"))
            .findFirst()
            .orElseThrow()
            .getValueFrom()
            .getSecretKeyRef()
            .getName());
    assertTrue(agent.getSecurityContext().getReadOnlyRootFilesystem());
    assertNull(agent.getLivenessProbe(), "wal-stream offers no health endpoint");
    assertEquals("Always", d.getSpec().getTemplate().getSpec().getRestartPolicy());
    assertTrue(
        d.getSpec().getTemplate().getSpec().getVolumes().stream()
            .anyMatch(v -> v.getName().equals("spool") && v.getEmptyDir() != null));

    // A changed interval rolls the Deployment.
    edit(p -> p.getSpec().getPitr().setPartialUploadInterval("20s"));
    await(
        "new interval",
        () ->
            awaitDeployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs()
                .contains("--partial-interval=20s"));

    // Suspending scheduling keeps archiving WAL.
    edit(p -> p.getSpec().setSuspend(true));
    awaitCondition(ConditionType.SCHEDULED, "False", "Suspended");
    assertNotNull(deployment());

    edit(p -> p.getSpec().getPitr().setEnabled(false));
    await("streamer deleted", () -> deployment() == null);
  }

  @Test
  void eachReplicasWalLagIsInStatusInTheReplicasInSyncConditionAndAMetric() {
    start(true);
    Instant now = h.clock.instant();
    wal.report(FakeWalArchiveReader.healthy(now.minusSeconds(3).toString(), now.toString()));
    java.util.Map<String, io.cadang.controller.pitr.WalReplicaLag.Read> reads =
        new java.util.LinkedHashMap<>();
    reads.put(
        "dr",
        io.cadang.controller.pitr.WalReplicaLag.Read.of(
            java.util.Optional.of(
                FakeWalArchiveReader.healthy(now.minusSeconds(603).toString(), now.toString()))));
    wal.replicas(reads);
    create(
        p ->
            p.getSpec()
                .getStorage()
                .setReplicas(
                    List.of(
                        Fixtures.replica(
                            "dr", s3.endpoint().toString(), "pitr", "s3-credentials"))));

    Condition lagging = awaitCondition(ConditionType.REPLICAS_IN_SYNC, "False", "ReplicaLagging");
    assertTrue(
        lagging.getMessage().contains("dr: WAL 600 s behind the primary (target RPO 300 s)"),
        lagging.getMessage());
    var replica = status().getWalArchive().getReplicas().get(0);
    assertEquals("dr", replica.getRepository());
    assertEquals(600L, replica.getLagSeconds());
    await("replica lag metric", () -> metricOf("cadang_wal_replica_lag_seconds", "dr") == 600);
    Container agent = awaitDeployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertTrue(
        agent.getArgs().stream().anyMatch(a -> a.startsWith("--replica=dr=s3://pitr")),
        agent.getArgs().toString());

    // The replica catches up: in sync again.
    reads.put(
        "dr",
        io.cadang.controller.pitr.WalReplicaLag.Read.of(
            java.util.Optional.of(
                FakeWalArchiveReader.healthy(now.minusSeconds(3).toString(), now.toString()))));
    wal.replicas(new java.util.LinkedHashMap<>(reads));
    touch(now.plusSeconds(1));
    awaitCondition(ConditionType.REPLICAS_IN_SYNC, "True", "InSync");
  }

  @Test
  void walArchivingFollowsTheStreamersReportsWithEventsAndMetrics() {
    start(true);
    Instant now = h.clock.instant();
    wal.report(FakeWalArchiveReader.healthy(now.minusSeconds(3).toString(), now.toString()));
    create(p -> {});

    Condition streaming = awaitCondition(ConditionType.WAL_ARCHIVING, "True", "Streaming");
    assertTrue(streaming.getMessage().contains("0/7A3F000"));
    BackupPolicyStatus status = status();
    assertEquals("0/7A3F000", status.getWalArchive().getArchivedLsn());
    assertEquals(0xD8L, status.getWalArchive().getLagBytes());
    assertEquals("000000010000000000000007", status.getWalArchive().getLastSegment());
    await("lag metric", () -> metric("cadang_wal_archive_lag_bytes") == 0xD8);
    assertEquals(
        now.minusSeconds(3).toEpochMilli() / 1000.0,
        metric("cadang_wal_last_archived_timestamp_seconds"),
        0.001);
    assertTrue(metric("cadang_wal_archive_lag_seconds") >= 3);
    // The default targetRpo (5m), so alerts compare each policy's lag with its own objective.
    assertEquals(300.0, metric("cadang_wal_target_rpo_seconds"), 0.001);

    // The streamer stops reporting: two minutes later the condition is False.
    touch(now.plus(Duration.ofMinutes(2)));
    Condition silent = awaitCondition(ConditionType.WAL_ARCHIVING, "False", "StreamerNotReporting");
    assertTrue(silent.getMessage().contains(now.toString()), silent.getMessage());
    await("warning event", () -> warnings().contains("StreamerNotReporting"));
    assertTrue(metric("cadang_wal_archive_lag_seconds") >= 120);

    // It reports again, but the archive is 6 minutes behind.
    Instant later = h.clock.instant();
    wal.report(FakeWalArchiveReader.healthy(later.minusSeconds(360).toString(), later.toString()));
    touch(later);
    awaitCondition(ConditionType.WAL_ARCHIVING, "False", "BehindTarget");

    // It reports an error it cannot get past.
    WalStatus ok = FakeWalArchiveReader.healthy(later.toString(), later.toString());
    wal.report(
        new WalStatus(
            1,
            ok.systemIdentifier(),
            ok.slot(),
            1,
            ok.lastSegment(),
            ok.archivedLsn(),
            ok.archivedAt(),
            ok.serverLsn(),
            ok.updatedAt(),
            10,
            "WalConflict: 000000010000000000000007 differs from the archived copy",
            null));
    touch(later);
    Condition failed = awaitCondition(ConditionType.WAL_ARCHIVING, "False", "StreamerFailed");
    assertTrue(failed.getMessage().contains("WalConflict"));

    wal.report(FakeWalArchiveReader.healthy(later.toString(), later.toString()));
    touch(later);
    awaitCondition(ConditionType.WAL_ARCHIVING, "True", "Streaming");
  }

  @Test
  void noReportLongAfterTheStreamerStartedIsNotReporting() {
    start(true);
    wal.nothing();
    create(p -> {});
    awaitDeployment();
    touch(Instant.now().plus(Duration.ofMinutes(3)));
    Condition c = awaitCondition(ConditionType.WAL_ARCHIVING, "False", "StreamerNotReporting");
    assertTrue(c.getMessage().contains("never reported"), c.getMessage());
  }

  @Test
  void recoveryWindowBoundsPointInTimeRestoresAndJobsRecoverToTheTarget() {
    start(true);
    create(p -> {});
    h.client.resource(Fixtures.run(POLICY + "-base-2", POLICY)).create();
    BackupRun base = awaitRun(POLICY + "-base-2", BackupRunPhase.SUCCEEDED);
    assertEquals("0/2000028", base.getStatus().getPostgres().getStartLsn());
    assertEquals("0/2000100", base.getStatus().getPostgres().getStopLsn());
    assertEquals(1, base.getStatus().getPostgres().getTimeline());
    assertEquals("7312000000000000001", base.getStatus().getPostgres().getSystemIdentifier());
    Instant baseDone = Instant.parse(base.getStatus().getCompletionTime());

    Instant archived = baseDone.plus(Duration.ofHours(1));
    h.clock.set(archived.plusSeconds(5));
    wal.report(FakeWalArchiveReader.healthy(archived.toString(), archived.toString()));
    touch(h.clock.instant());
    // Wakes the policy again each pass: once failed on a loaded machine (see report), not
    // reproduced.
    await(
        "window",
        () -> {
          boolean there =
              status().getRecoveryWindow() != null
                  && archived.toString().equals(status().getRecoveryWindow().getLatest());
          if (!there) {
            touch(h.clock.instant());
          }
          return there;
        });
    assertEquals(baseDone.toString(), status().getRecoveryWindow().getEarliest());

    // Before the oldest base backup: refused, no Job.
    RestoreRequest early = pointInTime("too-early", baseDone.minusSeconds(60).toString());
    h.client.resource(early).create();
    RestoreRequest refused = awaitRestore("too-early", RestorePhase.FAILED);
    assertEquals("OutsideRecoveryWindow", refused.getStatus().getFailureReason());
    assertTrue(
        refused
            .getStatus()
            .getFailureMessage()
            .contains("outside the recovery window " + baseDone + " … " + archived),
        refused.getStatus().getFailureMessage());
    assertNull(h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("too-early").get());

    // Inside the window but into a database: no logical hand-off yet, refused without a Job.
    RestoreRequest intoDb =
        pointInTime("into-a-database", baseDone.plus(Duration.ofMinutes(30)).toString());
    h.client.resource(intoDb).create();
    RestoreRequest unsupported = awaitRestore("into-a-database", RestorePhase.FAILED);
    assertEquals("Unsupported", unsupported.getStatus().getFailureReason());
    assertTrue(
        unsupported.getStatus().getFailureMessage().contains("spec.target.dataDirectory"),
        unsupported.getStatus().getFailureMessage());
    assertNull(
        h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("into-a-database").get());

    // Inside: a Job recovering into the claim, to that time, from that base backup.
    String target = baseDone.plus(Duration.ofMinutes(30)).toString();
    RestoreRequest inside = pointInTime("to-the-minute", target);
    DataDirectoryTarget dir = new DataDirectoryTarget();
    dir.setClaimName("orders-new-data");
    RestoreTarget claim = new RestoreTarget();
    claim.setDataDirectory(dir);
    inside.getSpec().setTarget(claim);
    inside.getSpec().setVerify(false);
    h.client.resource(inside).create();
    RestoreRequest done = awaitRestore("to-the-minute", RestorePhase.SUCCEEDED);
    assertEquals("2026-11-21T10:00:04Z", done.getStatus().getRecoveredTo());
    assertEquals("0/7A3F000", done.getStatus().getRecoveredToLsn());
    assertEquals(2, done.getStatus().getTimeline());
    assertEquals(POLICY + "-base-2", done.getStatus().getResolvedBackupRun());

    Job job = h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName("to-the-minute").get();
    Container agent = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> args = agent.getArgs();
    assertEquals("recover", args.get(0));
    assertTrue(args.contains("--time=" + target), args.toString());
    assertTrue(args.contains("--data-dir=/restore/pgdata"), args.toString());
    assertTrue(args.contains("--backup-id=" + POLICY + "-base-2"), args.toString());
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--handoff")), args.toString());
    assertTrue(
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && "orders-new-data".equals(v.getPersistentVolumeClaim().getClaimName())));
    assertTrue(agent.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/restore")));
  }

  @Test
  void walRetentionDeletesExactlyTheSegmentsNoKeptBaseBackupNeeds() throws Exception {
    start(false); // the real reader and pruner, against s3proxy
    BackupPolicy policy =
        physicalPolicy(
            p -> {
              Retention keepOne = new Retention();
              keepOne.setKeepLast(1);
              p.getSpec().setRetention(keepOne);
            });
    List<String> walKeys =
        List.of(
            "wal/00000001/000000010000000000000002.zst.cdg",
            "wal/00000001/000000010000000000000002.json",
            "wal/00000001/000000010000000000000003.partial-00A00000.zst.cdg",
            "wal/00000001/000000010000000000000003.partial-00A00000.json",
            "wal/00000001/000000010000000000000004.zst.cdg",
            "wal/00000001/000000010000000000000004.json",
            "wal/00000002/00000002.history.zst.cdg",
            "wal/00000002/00000002.history.json",
            "wal/00000002/000000020000000000000005.zst.cdg",
            "wal/00000002/000000020000000000000005.json");
    Instant now = h.clock.instant();
    try (Repository repo = open(policy)) {
      for (String key : walKeys) {
        repo.put(key, ("object " + key).getBytes(StandardCharsets.UTF_8));
      }
      repo.put(
          "wal/status.json",
          ("{\"formatVersion\":1,\"systemIdentifier\":\"7312000000000000001\",\"slot\":\"cadang_orders\","
                  + "\"timeline\":2,\"lastSegment\":\"000000020000000000000005\","
                  + "\"archivedLsn\":\"0/5000100\",\"archivedAt\":\""
                  + now
                  + "\","
                  + "\"serverLsn\":\"0/5000200\",\"updatedAt\":\""
                  + now
                  + "\","
                  + "\"partialIntervalSeconds\":10,\"error\":null}")
              .getBytes(StandardCharsets.UTF_8));
    }
    h.client.resource(policy).create();
    awaitCondition(ConditionType.WAL_ARCHIVING, "True", "Streaming");
    assertEquals(256L, status().getWalArchive().getLagBytes());

    h.client.resource(Fixtures.run(POLICY + "-base-2", POLICY)).create();
    awaitRun(POLICY + "-base-2", BackupRunPhase.SUCCEEDED);
    Thread.sleep(1100); // completion times are in seconds: the second run is strictly newer
    h.clock.set(Instant.now());
    h.client.resource(Fixtures.run(POLICY + "-base-4", POLICY)).create();
    awaitRun(POLICY + "-base-4", BackupRunPhase.SUCCEEDED);

    // keepLast 1 lets base-2 go; base-4 starts in segment 4, so 2 and 3 go on every timeline.
    await(
        "base-2 deleted",
        () -> {
          // One read: the run may vanish between two.
          BackupRun base2 = runOf(POLICY + "-base-2");
          return base2 == null || base2.getMetadata().getDeletionTimestamp() != null;
        });
    List<String> expected = new ArrayList<>(walKeys.subList(4, walKeys.size()));
    expected.add("wal/status.json");
    await("WAL pruned", () -> walKeys(policy).equals(sorted(expected)));
    await("event", () -> events().contains("WalRetentionDeleted"));
  }

  // --- helpers ---

  private void create(Consumer<BackupPolicy> customize) {
    h.client.resource(physicalPolicy(customize)).create();
  }

  private BackupPolicy physicalPolicy(Consumer<BackupPolicy> customize) {
    BackupPolicy p = Fixtures.policy(POLICY, s3.endpoint().toString(), "pitr");
    p.getSpec().setMethod(BackupMethod.PHYSICAL);
    // Twelve hours away from the clock: the tests move it by up to an hour, and a scheduled run
    // firing in between (at 02:00 UTC when CI ran after 01:00) made daily retention prune the
    // test's own base backup and moved the recovery window.
    int hour = (h.clock.instant().atZone(java.time.ZoneOffset.UTC).getHour() + 12) % 24;
    p.getSpec().setSchedule("0 " + hour + " * * *");
    p.getSpec().getSource().getPostgres().setDatabases(null);
    p.getSpec().getSource().getPostgres().setAllDatabases(true);
    Pitr pitr = new Pitr();
    pitr.setEnabled(true);
    p.getSpec().setPitr(pitr);
    customize.accept(p);
    return p;
  }

  private RestoreRequest pointInTime(String name, String time) {
    RestoreRequest r = Fixtures.restore(name, null, POLICY);
    PointInTime pit = new PointInTime();
    pit.setTime(time);
    r.getSpec().getSource().setPointInTime(pit);
    return r;
  }

  private static String physicalResult(String backupId, int startSegment) {
    String base = Fixtures.agentResult(backupId, 4096);
    return base.substring(0, base.length() - 1)
        + ",\"physical\":{\"startLsn\":\"0/"
        + Integer.toHexString(startSegment).toUpperCase()
        + "000028\",\"stopLsn\":\"0/"
        + Integer.toHexString(startSegment).toUpperCase()
        + "000100\",\"timeline\":1,\"systemIdentifier\":\"7312000000000000001\"}}";
  }

  private static String recoverResult(String name) {
    return "{\"backupId\":\"orders-base-2\",\"recoveredToTime\":\"2026-11-21T10:00:04Z\","
        + "\"recoveredToLsn\":\"0/7A3F000\",\"timeline\":2,\"target\":\"time\","
        + "\"segmentsFetched\":6,\"durationMillis\":5120}";
  }

  private Repository open(BackupPolicy policy) throws Exception {
    return Repositories.open(
        RepositoryUris.of(policy.getSpec().getStorage().getPrimary()),
        Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
  }

  private List<String> walKeys(BackupPolicy policy) {
    try (Repository repo = open(policy)) {
      return repo.list("wal/");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> sorted(List<String> keys) {
    return keys.stream().sorted().toList();
  }

  private void edit(Consumer<BackupPolicy> change) {
    retrying(
        () ->
            h.client
                .resources(BackupPolicy.class)
                .inNamespace(NAMESPACE)
                .withName(POLICY)
                .edit(
                    p -> {
                      change.accept(p);
                      return p;
                    }));
  }

  /** Sets the clock and wakes the reconciler with a metadata edit. */
  private void touch(Instant at) {
    h.clock.set(at);
    int touch = ++touches;
    edit(p -> p.getMetadata().getAnnotations().put("test/touch", Integer.toString(touch)));
  }

  private static void retrying(Runnable r) {
    for (int attempt = 1; ; attempt++) {
      try {
        r.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private Deployment deployment() {
    return h.client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(POLICY + "-wal-stream")
        .get();
  }

  private Deployment awaitDeployment() {
    await("streamer Deployment", () -> deployment() != null);
    return deployment();
  }

  private BackupPolicyStatus status() {
    BackupPolicy p =
        h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(POLICY).get();
    return p == null || p.getStatus() == null ? new BackupPolicyStatus() : p.getStatus();
  }

  private Condition awaitCondition(ConditionType type, String status, String reason) {
    await(
        type + "=" + status + " " + reason,
        () ->
            Conditions.find(status().getConditions(), type)
                .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                .isPresent());
    return Conditions.find(status().getConditions(), type).orElseThrow();
  }

  private BackupRun runOf(String name) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private BackupRun awaitRun(String name, BackupRunPhase phase) {
    await(
        name + " " + phase,
        () ->
            Optional.ofNullable(runOf(name))
                .map(r -> r.getStatus() != null && r.getStatus().getPhase() == phase)
                .orElse(false));
    return runOf(name);
  }

  private RestoreRequest awaitRestore(String name, RestorePhase phase) {
    try {
      await(
          name + " " + phase,
          () -> {
            RestoreRequest r = restore(name);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == phase;
          });
    } catch (AssertionError e) {
      // Says where it stood: a timeout alone does not tell a stuck restore from a refused one.
      RestoreRequest r = restore(name);
      Job job = h.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
      throw new AssertionError(
          e.getMessage()
              + "; status "
              + (r == null ? "absent" : json(r.getStatus()))
              + "; job status "
              + (job == null ? "absent" : json(job.getStatus())),
          e);
    }
    return restore(name);
  }

  private String json(Object o) {
    return h.client.getKubernetesSerialization().asJson(o);
  }

  private RestoreRequest restore(String name) {
    return h.client.resources(RestoreRequest.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private List<String> events() {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(Event::getReason)
        .toList();
  }

  private List<String> warnings() {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getReason)
        .toList();
  }

  private double metricOf(String name, String repository) {
    for (String line : h.scrape().split("\n")) {
      if (line.startsWith(name + "{")
          && line.contains("policy=\"" + POLICY + "\"")
          && line.contains("repository=\"" + repository + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  private double metric(String name) {
    for (String line : h.scrape().split("\n")) {
      if (line.startsWith(name + "{") && line.contains("policy=\"" + POLICY + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }
}
