package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ReplicaStatus;
import io.cadang.api.v1alpha1.ReplicationState;
import io.cadang.controller.jobs.AgentResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A backup's agent also copies older backups a replica was missing ({@code caughtUp} in its
 * result). Those older runs are finished, but their {@code status.replication} is still the one
 * place that says whether the replica holds them, so it is corrected here: the one change a
 * terminal run's status ever gets.
 */
final class ReplicaCatchUp {
  private final KubernetesClient client;

  ReplicaCatchUp(KubernetesClient client) {
    this.client = client;
  }

  void apply(BackupRun run, AgentResult result) {
    if (result == null || result.replicaList().stream().allMatch(r -> r.caughtUpIds().isEmpty())) {
      return;
    }
    String namespace = run.getMetadata().getNamespace();
    String policy = run.getSpec().getPolicyRef().getName();
    List<BackupRun> runs =
        client.resources(BackupRun.class).inNamespace(namespace).list().getItems().stream()
            .filter(r -> r.getSpec() != null && r.getSpec().getPolicyRef() != null)
            .filter(r -> policy.equals(r.getSpec().getPolicyRef().getName()))
            .filter(r -> r.getStatus() != null && r.getStatus().getBackupId() != null)
            .toList();
    Map<String, BackupRun> byBackupId =
        runs.stream()
            .collect(Collectors.toMap(r -> r.getStatus().getBackupId(), r -> r, (a, b) -> a));
    for (AgentResult.Replica replica : result.replicaList()) {
      for (String id : replica.caughtUpIds()) {
        BackupRun earlier = byBackupId.get(id);
        if (earlier == null
            || earlier.getMetadata().getName().equals(run.getMetadata().getName())) {
          continue;
        }
        List<ReplicaStatus> updated =
            caughtUp(
                earlier.getStatus().getReplication(), replica.name(), run.getMetadata().getName());
        if (!updated.equals(earlier.getStatus().getReplication())) {
          client
              .resources(BackupRun.class)
              .inNamespace(namespace)
              .withName(earlier.getMetadata().getName())
              .editStatus(
                  r -> {
                    r.getStatus().setReplication(updated);
                    return r;
                  });
        }
      }
    }
  }

  /** The replication list with {@code repository} marked Replicated by {@code byRun}'s catch-up. */
  static List<ReplicaStatus> caughtUp(
      List<ReplicaStatus> current, String repository, String byRun) {
    List<ReplicaStatus> next = new ArrayList<>();
    boolean found = false;
    for (ReplicaStatus s : current == null ? List.<ReplicaStatus>of() : current) {
      if (repository.equals(s.getRepository())) {
        found = true;
        if (s.getState() == ReplicationState.REPLICATED) {
          next.add(s);
          continue;
        }
        next.add(replicated(repository, byRun));
      } else {
        next.add(s);
      }
    }
    if (!found) {
      next.add(replicated(repository, byRun));
    }
    return next;
  }

  private static ReplicaStatus replicated(String repository, String byRun) {
    ReplicaStatus s = new ReplicaStatus();
    s.setRepository(repository);
    s.setState(ReplicationState.REPLICATED);
    s.setMessage("copied and verified later by BackupRun " + byRun + " (catch-up)");
    return s;
  }
}
