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
      try (CadangOperator first = replica(client);
          CadangOperator second = replica(client)) {
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
        assertEquals(1, startedEvents(client), "only the leader handled the run");
        assertEquals(1, client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().size());
      }
    }
  }

  private static CadangOperator replica(KubernetesClient client) {
    OperatorSettings settings =
        new OperatorSettings(Set.of(NAMESPACE), "cadang:test", 0, true, NAMESPACE, "cadang-agent");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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

  private static long startedEvents(KubernetesClient client) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "manual-1".equals(e.getInvolvedObject().getName()))
        .filter(e -> "Started".equals(e.getReason()))
        .count();
  }
}
