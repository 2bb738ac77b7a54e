package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restores that stop the application first, and drills, on a real control plane: the real
 * Deployment and ReplicaSet controllers scale the application, the node stand-in stops its
 * processes with their grace period, and the restore Job starts only once they are gone.
 */
class DrillAndQuiesceE2E {
  private static final String NS = E2EEnvironment.APP_NS;
  private static final String POLICY = "shop-drills";
  private static final String MARKERS = "app-markers";
  private static final E2EEnvironment env = E2EEnvironment.get();
  private static final KubernetesClient k = env.admin;

  @BeforeAll
  static void backupAndApplication() {
    Cluster.apply(k, env.logicalPolicy(POLICY, "0 3 1 1 *", "e2e/drills", "shop", ""));
    Cluster.applyManualRun(k, NS, POLICY, "shop-drills-base");
    GenericKubernetesResource run =
        Cluster.awaitFinished(k, "BackupRun", NS, "shop-drills-base", Duration.ofMinutes(4));
    assertEquals("Succeeded", Cluster.phase(run).orElseThrow(), "run: " + Cluster.status(run));
    Cluster.claim(k, NS, MARKERS);
  }

  @Test
  void theRestoreStartsOnlyAfterTheApplicationsPodsHaveStoppedAndBringsThemBack() throws Exception {
    // Each pod takes 3 s to stop after SIGTERM and writes down when it did: a restore that did not
    // wait for it would start while the application could still write to the database.
    application("shop-api", 2, "trap 'sleep 3; date +%s%3N > /markers/$POD_NAME; exit 0' TERM;");
    awaitReady("shop-api", 2);

    Cluster.apply(
        k,
        env.restoreRequest("quiesced-restore", POLICY, "shop_quiesced")
            + "  quiesce: {deployments: [shop-api]}\n");
    GenericKubernetesResource done =
        Cluster.awaitFinished(k, "RestoreRequest", NS, "quiesced-restore", Duration.ofMinutes(4));
    assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "status: " + Cluster.status(done));

    List<Long> stopped = stopTimes();
    assertEquals(
        2,
        stopped.size(),
        "both pods had stopped (and written when) before the restore finished: " + stopped);
    Job job = k.batch().v1().jobs().inNamespace(NS).withName("quiesced-restore").get();
    long jobCreated = Instant.parse(job.getMetadata().getCreationTimestamp()).toEpochMilli();
    // Creation timestamps are whole seconds: the Job may carry the second the last pod stopped in.
    long lastStop = stopped.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(
        lastStop < jobCreated + 1000,
        "the Job was created " + (lastStop - jobCreated) + " ms before the last pod stopped");
    assertTrue(stepSeconds(done, "Quiesce") >= 3, "the Quiesce step lasted while the pods stopped");
    assertEquals("Succeeded", stepState(done, "Unquiesce"));
    assertEquals(2500L, number(Cluster.statusAt(done, "verification", "rowsChecked")));

    awaitReady("shop-api", 2); // scaled back by the operator, pods run again on the node
    assertEquals(2, deployment("shop-api").getSpec().getReplicas());
  }

  @Test
  void aFailedRestoreStillBringsTheApplicationBack() {
    application("shop-worker", 1, "");
    awaitReady("shop-worker", 1);

    // Into the non-empty source database without overwrite: refused by the agent.
    Cluster.apply(
        k,
        env.restoreRequest("quiesced-refused", POLICY, "shop")
                .replace("      createDatabase: true\n", "")
            + "  quiesce: {deployments: [shop-worker]}\n");
    GenericKubernetesResource done =
        Cluster.awaitFinished(k, "RestoreRequest", NS, "quiesced-refused", Duration.ofMinutes(4));
    assertEquals("Failed", Cluster.phase(done).orElseThrow());
    assertEquals("TargetNotEmpty", Cluster.statusAt(done, "failureReason"));
    assertEquals("Succeeded", stepState(done, "Unquiesce"), "status: " + Cluster.status(done));

    awaitReady("shop-worker", 1);
  }

  @Test
  void aDrillRestoresIntoAScratchDatabaseVerifiesAndIsCountedInPrometheus() throws Exception {
    Cluster.apply(k, env.restoreRequest("shop-drill", POLICY, "shop_drill") + "  mode: Drill\n");
    GenericKubernetesResource done =
        Cluster.awaitFinished(k, "RestoreRequest", NS, "shop-drill", Duration.ofMinutes(4));
    assertEquals("Succeeded", Cluster.phase(done).orElseThrow(), "status: " + Cluster.status(done));
    assertEquals(2L, number(Cluster.statusAt(done, "verification", "tablesChecked")));
    assertEquals(2500L, number(Cluster.statusAt(done, "verification", "rowsChecked")));
    assertTrue(Cluster.statusAt(done, "durationSeconds") instanceof Number, "RTO measured");
    // The drill verified its scratch copy (counts and content checksums above) and dropped it.
    try (Connection c = env.connect("postgres");
        Statement s = c.createStatement()) {
      ResultSet rs =
          s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'shop_drill'");
      rs.next();
      assertEquals(0, rs.getLong(1), "the drill's scratch database is dropped once verified");
    }

    String counted =
        "cadang_restores_total{namespace=\"" + NS + "\",mode=\"Drill\",result=\"succeeded\"}";
    JsonNode series =
        Await.until(
            "Prometheus to scrape the drill",
            Duration.ofMinutes(1),
            () -> {
              JsonNode result = query(counted);
              return result.size() == 1 ? Optional.of(result) : Optional.empty();
            });
    assertTrue(series.get(0).get("value").get(1).asDouble() >= 1, series.toString());
  }

  @Test
  void theApiServerRefusesADrillThatWouldQuiesce() {
    String drill =
        env.restoreRequest("drill-quiesce", POLICY, "shop_never")
            + "  mode: Drill\n  quiesce: {deployments: [shop-api]}\n";
    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> Cluster.apply(k, drill));
    assertEquals(422, e.getCode());
    assertTrue(e.getMessage().contains("a Drill never quiesces applications"), e.getMessage());
  }

  // --- helpers ---

  /** A Deployment of the test image running {@code trap} and then idling. */
  private static void application(String name, int replicas, String trap) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(30L)
            .addNewContainer()
            .withName("app")
            .withImage(E2EEnvironment.APP_IMAGE)
            .withArgs(trap + " while true; do sleep 1; done")
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewVolumeMount()
            .withName("markers")
            .withMountPath("/markers")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("markers")
            .withNewPersistentVolumeClaim()
            .withClaimName(MARKERS)
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    k.resource(d).create();
  }

  private static Deployment deployment(String name) {
    return k.apps().deployments().inNamespace(NS).withName(name).get();
  }

  private static void awaitReady(String name, int replicas) {
    Await.until(
        name + " to have " + replicas + " ready pods",
        Duration.ofMinutes(2),
        () -> {
          Deployment d = deployment(name);
          return d.getStatus() != null
              && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas())
              && Integer.valueOf(replicas).equals(d.getStatus().getReplicas());
        });
  }

  /** Epoch milliseconds at which the shop-api pods finished stopping, from their marker files. */
  private static List<Long> stopTimes() throws Exception {
    Path dir = env.node.claimDirectory(NS, MARKERS);
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("shop-api-"))
          .map(
              f -> {
                try {
                  return Long.parseLong(Files.readString(f).trim());
                } catch (Exception e) {
                  throw new AssertionError("marker " + f + ": " + e.getMessage(), e);
                }
              })
          .toList();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> step(GenericKubernetesResource r, String name) {
    Object steps = Cluster.statusAt(r, "steps");
    assertTrue(steps instanceof List, "steps in status: " + Cluster.status(r));
    return ((List<Map<String, Object>>) steps)
        .stream()
            .filter(s -> name.equals(s.get("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no step " + name));
  }

  private static String stepState(GenericKubernetesResource r, String name) {
    return (String) step(r, name).get("state");
  }

  private static long stepSeconds(GenericKubernetesResource r, String name) {
    Map<String, Object> s = step(r, name);
    assertFalse(s.get("finishedAt") == null, name + " finished: " + s);
    return Duration.between(
            Instant.parse((String) s.get("startedAt")), Instant.parse((String) s.get("finishedAt")))
        .toSeconds();
  }

  private static long number(Object value) {
    assertTrue(value instanceof Number, "a number: " + value);
    return ((Number) value).longValue();
  }

  private static JsonNode query(String promql) {
    try {
      return env.prometheus.query(promql);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
