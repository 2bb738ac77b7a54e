package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * On the real API server, nothing a policy author sets makes the operator run a foreign image: the
 * policy is not Ready (AgentNotAllowed, naming the field), no WAL streamer or Job appears, and a
 * run started by hand fails without a Job.
 */
class AgentAccessE2E {
  private static final String POLICY = "shop-foreign-image";
  private final E2EEnvironment env = E2EEnvironment.get();

  @Test
  void aForeignImageIsRefusedAndNoPodRunsIt() {
    Cluster.apply(
        env.admin,
        env.logicalPolicy(
            POLICY,
            "0 0 1 1 *",
            "e2e/foreign-image",
            "shop",
            "  job:\n    image: evil.example/miner:1\n"));

    Map<String, Object> ready =
        Await.until(
            POLICY + " Ready=False",
            Duration.ofMinutes(1),
            () ->
                Optional.ofNullable(policy())
                    .flatMap(p -> Cluster.condition(p, "Ready"))
                    .filter(c -> "False".equals(c.get("status"))));
    assertEquals("AgentNotAllowed", ready.get("reason"));
    assertTrue(
        String.valueOf(ready.get("message")).contains("spec.job.image: 'evil.example/miner:1'"),
        String.valueOf(ready.get("message")));

    Cluster.applyManualRun(env.admin, E2EEnvironment.APP_NS, POLICY, POLICY + "-now");
    GenericKubernetesResource run =
        Cluster.awaitFinished(
            env.admin, "BackupRun", E2EEnvironment.APP_NS, POLICY + "-now", Duration.ofMinutes(1));
    assertEquals("Failed", Cluster.phase(run).orElseThrow());
    assertEquals("AgentNotAllowed", Cluster.status(run).get("failureReason"));
    assertEquals(
        List.of(),
        env.admin.batch().v1().jobs().inNamespace(E2EEnvironment.APP_NS).list().getItems().stream()
            .filter(j -> j.getMetadata().getName().startsWith(POLICY))
            .toList());

    Cluster.cadang(env.admin, "BackupPolicy")
        .inNamespace(E2EEnvironment.APP_NS)
        .withName(POLICY)
        .delete();
    Cluster.cadang(env.admin, "BackupRun")
        .inNamespace(E2EEnvironment.APP_NS)
        .withName(POLICY + "-now")
        .delete();
  }

  private GenericKubernetesResource policy() {
    return Cluster.cadang(env.admin, "BackupPolicy")
        .inNamespace(E2EEnvironment.APP_NS)
        .withName(POLICY)
        .get();
  }
}
