package io.cadang.controller.backuprun;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.ReplicaStatus;
import io.cadang.api.v1alpha1.ReplicationState;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.testing.FakeJobController.KeepRunning;
import io.cadang.controller.testing.FakeJobController.Succeed;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.OperatorHarness;
import io.cadang.testkit.S3TestServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the agent reports about replica copies and the backup log, turned into run status, the
 * policy's ReplicasInSync condition, the replica metric and Events, on the mock API server.
 */
class ReplicationAndBackupLogIT {
  private static OperatorHarness h;
  private static S3TestServer s3;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
    s3.createBucket("primary-bk");
    s3.createBucket("west-bk");
    h = new OperatorHarness(Instant.parse("2026-11-21T02:30:00Z"));
    Map<String, String> keys =
        Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    h.client.resource(Fixtures.secret("s3-credentials", keys)).create();
    h.client.resource(Fixtures.secret("west-s3", keys)).create();
    h.jobs.script(
        job ->
            switch (job.getMetadata().getName()) {
              case "mirrored-1" ->
                  new Succeed(
                      withFields(
                          "mirrored-1",
                          "\"replicas\":[{\"name\":\"dr-west\",\"state\":\"Failed\","
                              + "\"message\":\"cannot reach s3-west: connection refused\","
                              + "\"objects\":0,\"bytes\":0,\"caughtUp\":[]}],"
                              + "\"backupLog\":{\"written\":true}"));
              case "mirrored-2" ->
                  new Succeed(
                      withFields(
                          "mirrored-2",
                          "\"replicas\":[{\"name\":\"dr-west\",\"state\":\"Replicated\","
                              + "\"objects\":2,\"bytes\":8192,\"caughtUp\":[\"mirrored-1\"]}]"));
              case "logged-1" ->
                  new Succeed(
                      withFields(
                          "logged-1",
                          "\"backupLog\":{\"written\":false,"
                              + "\"error\":\"connection to catalog-db.luxima.svc:5432 refused\"}"));
              default -> new KeepRunning();
            });
    BackupPolicy mirrored = Fixtures.policy("mirrored", s3.endpoint().toString(), "primary-bk");
    mirrored.getSpec().setSuspend(true);
    mirrored
        .getSpec()
        .getStorage()
        .setReplicas(
            List.of(Fixtures.replica("dr-west", s3.endpoint().toString(), "west-bk", "west-s3")));
    h.client.resource(mirrored).create();
    BackupPolicy logged = Fixtures.policy("logged", s3.endpoint().toString(), "primary-bk");
    logged.getSpec().setSuspend(true);
    h.client.resource(logged).create();
  }

  @AfterAll
  static void stop() {
    h.close();
    s3.close();
  }

  @Test
  void aFailedReplicaLeavesTheRunSucceededAndThePolicyOutOfSyncUntilACatchUp() {
    BackupRun first = createAndAwaitTerminal("mirrored-1", "mirrored");

    assertEquals(BackupRunPhase.SUCCEEDED, first.getStatus().getPhase());
    ReplicaStatus west = first.getStatus().getReplication().get(0);
    assertEquals("dr-west", west.getRepository());
    assertEquals(ReplicationState.FAILED, west.getState());
    assertEquals("cannot reach s3-west: connection refused", west.getMessage());
    Condition replicated =
        Conditions.find(first.getStatus().getConditions(), ConditionType.REPLICATED).orElseThrow();
    assertEquals("False", replicated.getStatus());
    assertEquals("ReplicationFailed", replicated.getReason());
    assertTrue(
        reasons("mirrored-1").contains("ReplicationFailed"), reasons("mirrored-1").toString());
    await(
        "ReplicasInSync=False/ReplicaFailed",
        () -> "ReplicaFailed".equals(reason(inSync("mirrored"))));
    assertEquals("False", inSync("mirrored").getStatus());
    assertTrue(
        inSync("mirrored").getMessage().contains("cannot reach s3-west"),
        inSync("mirrored").getMessage());
    await("metric 1 behind", () -> behind("mirrored", "dr-west").equals("1.0"));

    BackupRun second = createAndAwaitTerminal("mirrored-2", "mirrored");

    assertEquals(
        ReplicationState.REPLICATED, second.getStatus().getReplication().get(0).getState());
    assertEquals(8192L, second.getStatus().getReplication().get(0).getBytes());
    await(
        "mirrored-1 marked Replicated by the catch-up",
        () ->
            get("mirrored-1").getStatus().getReplication().get(0).getState()
                == ReplicationState.REPLICATED);
    assertTrue(
        get("mirrored-1").getStatus().getReplication().get(0).getMessage().contains("mirrored-2"));
    assertEquals(BackupRunPhase.SUCCEEDED, get("mirrored-1").getStatus().getPhase());
    await("ReplicasInSync=True", () -> "InSync".equals(reason(inSync("mirrored"))));
    assertEquals("True", inSync("mirrored").getStatus());
    await("metric 0 behind", () -> behind("mirrored", "dr-west").equals("0.0"));
  }

  @Test
  void aBackupLogFailureShowsInStatusAndAWarningButTheRunSucceeds() {
    BackupRun run = createAndAwaitTerminal("logged-1", "logged");

    assertEquals(BackupRunPhase.SUCCEEDED, run.getStatus().getPhase());
    assertEquals(false, run.getStatus().getBackupLog().getWritten());
    assertEquals(
        "connection to catalog-db.luxima.svc:5432 refused",
        run.getStatus().getBackupLog().getMessage());
    Event warning =
        events("logged-1").stream()
            .filter(e -> "BackupLogFailed".equals(e.getReason()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no BackupLogFailed event"));
    assertEquals("Warning", warning.getType());
    assertTrue(warning.getMessage().contains("refused"), warning.getMessage());
    // No replicas on this policy: no replication status and no ReplicasInSync condition.
    assertEquals(null, run.getStatus().getReplication());
    await("policy status", () -> policy("logged").getStatus() != null);
    assertTrue(
        Conditions.find(
                policy("logged").getStatus().getConditions(), ConditionType.REPLICAS_IN_SYNC)
            .isEmpty());
  }

  /** The usual successful backup result with extra top-level fields. */
  private static String withFields(String backupId, String fields) {
    String base = Fixtures.agentResult(backupId, 4096);
    return base.substring(0, base.length() - 1) + "," + fields + "}";
  }

  private static BackupRun createAndAwaitTerminal(String name, String policy) {
    h.client.resource(Fixtures.run(name, policy)).create();
    await(
        name + " terminal",
        () -> {
          BackupRun r = get(name);
          return r != null
              && r.getStatus() != null
              && r.getStatus().getPhase() != null
              && r.getStatus().getPhase().terminal();
        });
    return get(name);
  }

  private static String behind(String policy, String repository) {
    for (String line : h.scrape().split("\n")) {
      if (line.startsWith("cadang_replica_backups_behind{")
          && line.contains("policy=\"" + policy + "\"")
          && line.contains("repository=\"" + repository + "\"")) {
        return line.substring(line.lastIndexOf(' ') + 1);
      }
    }
    return "absent";
  }

  private static Condition inSync(String policy) {
    BackupPolicy p = policy(policy);
    return p == null || p.getStatus() == null
        ? null
        : Conditions.find(p.getStatus().getConditions(), ConditionType.REPLICAS_IN_SYNC)
            .orElse(null);
  }

  private static String reason(Condition c) {
    return c == null ? null : c.getReason();
  }

  private static BackupPolicy policy(String name) {
    return h.client.resources(BackupPolicy.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static BackupRun get(String name) {
    return h.client.resources(BackupRun.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static List<Event> events(String name) {
    return h.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static List<String> reasons(String name) {
    return events(name).stream().map(Event::getReason).toList();
  }
}
