package io.cadang.controller.runtime;

import static io.cadang.controller.testing.OperatorHarness.NAMESPACE;
import static io.cadang.controller.testing.OperatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.controller.testing.FakeJobController;
import io.cadang.controller.testing.Fixtures;
import io.cadang.controller.testing.MockCluster;
import io.cadang.controller.testing.MutableClock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two operator replicas with leader election: one Lease holder, and each run handled once. */
class LeaderElectionIT {

  @Test
  void twoReplicasElectOneLeaderAndHandleEachRunOnce() {
    try (MockCluster cluster = MockCluster.start(NAMESPACE);
        FakeJobController jobs = new FakeJobController(cluster.client(), NAMESPACE)) {
      KubernetesClient client = cluster.client();
      jobs.script(
          job ->
              new FakeJobController.Succeed(Fixtures.agentResult(job.getMetadata().getName(), 1)));
      PrometheusMeterRegistry firstMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PrometheusMeterRegistry secondMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (CadangOperator first = replica(client, firstMetrics);
          CadangOperator second = replica(client, secondMetrics)) {
        await("a lease holder", () -> holder(client) != null);
        client.resource(Fixtures.policy("nightly", "http://127.0.0.1:1", "b")).create();
        client.resource(Fixtures.run("manual-1", "nightly")).create();

        await(
            "run succeeded",
            () -> {
              BackupRun r =
                  client
                      .resources(BackupRun.class)
                      .inNamespace(NAMESPACE)
                      .withName("manual-1")
                      .get();
              return r.getStatus() != null
                  && r.getStatus().getPhase() != null
                  && r.getStatus().getPhase().terminal();
            });
        // Each replica counts its own reconciliations: exactly one of them did any work.
        double a = reconciliations(firstMetrics);
        double b = reconciliations(secondMetrics);
        assertEquals(
            1, (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0), "only the leader reconciles: " + a + " and " + b);
        assertEquals(1, client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().size());
      }
    }
  }

  private static double reconciliations(PrometheusMeterRegistry registry) {
    return registry.getMeters().stream()
        .filter(m -> m.getId().getName().endsWith("reconciliations.started"))
        .filter(m -> m instanceof io.micrometer.core.instrument.Counter)
        .mapToDouble(m -> ((io.micrometer.core.instrument.Counter) m).count())
        .sum();
  }

  private static CadangOperator replica(KubernetesClient client, PrometheusMeterRegistry registry) {
    OperatorSettings settings =
        new OperatorSettings(Set.of(NAMESPACE), "cadang:test", 0, true, NAMESPACE, "cadang-agent");
    return CadangOperator.start(
        CadangOperator.Components.create(
            client, settings, new MutableClock(Instant.parse("2026-11-21T02:00:00Z")), registry),
        registry,
        false,
        false);
  }

  private static String holder(KubernetesClient client) {
    Lease lease =
        client.leases().inNamespace(NAMESPACE).withName(OperatorSettings.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
