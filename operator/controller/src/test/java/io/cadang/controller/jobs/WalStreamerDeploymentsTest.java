package io.cadang.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupMethod;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.Pitr;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The WAL streamer writes to the primary and copies to every replica, with each one's Secret. */
class WalStreamerDeploymentsTest {
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(Set.of(), "cadang:test", 0, false, "ops", "cadang-agent");

  @Test
  void everyReplicaIsAReplicaFlagWithItsOwnCredentials() {
    BackupPolicy policy = Fixtures.policy("orders", "http://s3.example:9000", "backups");
    policy.getMetadata().setUid("uid");
    policy.getSpec().setMethod(BackupMethod.PHYSICAL);
    Pitr pitr = new Pitr();
    pitr.setEnabled(true);
    policy.getSpec().setPitr(pitr);
    policy
        .getSpec()
        .getStorage()
        .setReplicas(
            List.of(Fixtures.replica("dr", "http://s3-dr.example:9000", "dr-bucket", "dr-s3")));

    Container agent =
        WalStreamerDeployments.desired(policy, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    List<String> replicaFlags =
        agent.getArgs().stream().filter(a -> a.startsWith("--replica=")).toList();
    assertEquals(1, replicaFlags.size(), agent.getArgs().toString());
    assertTrue(replicaFlags.get(0).startsWith("--replica=dr=s3://dr-bucket?"), replicaFlags.get(0));
    EnvVar key =
        agent.getEnv().stream()
            .filter(e -> e.getName().equals(ReplicaArgs.accessKeyEnv(0)))
            .findFirst()
            .orElseThrow();
    assertEquals("dr-s3", key.getValueFrom().getSecretKeyRef().getName());
  }
}
