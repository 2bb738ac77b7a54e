package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.VolumeSnapshotStatus;
import io.cadang.controller.snapshots.SnapshotApi;
import io.cadang.controller.snapshots.VolumeSnapshots;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A volumeSnapshots run: no Job, the operator creates one VolumeSnapshot per claim (owned by the
 * run) and polls them until all are ready to use, one reports an error, or the deadline passes.
 * There is no informer on VolumeSnapshots: the API may not exist, and a missing API must fail a run
 * with a clear reason rather than stop the operator from starting.
 */
final class VolumeSnapshotRuns {
  /** How often a running snapshot run looks at its snapshots. */
  static final Duration POLL = Duration.ofSeconds(3);

  private final KubernetesClient client;
  private final SnapshotApi api;

  VolumeSnapshotRuns(KubernetesClient client, SnapshotApi api) {
    this.client = client;
    this.api = api;
  }

  BackupRunStatus reconcile(
      BackupRun run,
      BackupPolicy policy,
      BackupRunTransitions transitions,
      BackupRunStatus current) {
    if (current.getVolumeSnapshots() == null) {
      return create(run, policy, transitions, current);
    }
    List<VolumeSnapshotStatus> observed = new ArrayList<>();
    for (VolumeSnapshotStatus recorded : current.getVolumeSnapshots()) {
      GenericKubernetesResource snapshot =
          client
              .genericKubernetesResources(VolumeSnapshots.CONTEXT)
              .inNamespace(run.getMetadata().getNamespace())
              .withName(recorded.getName())
              .get();
      observed.add(VolumeSnapshots.status(recorded.getClaim(), recorded.getName(), snapshot));
    }
    Long deadline =
        policy.getSpec().getJob() == null
            ? null
            : policy.getSpec().getJob().getActiveDeadlineSeconds();
    return transitions.snapshotsObserved(current, observed, deadline);
  }

  private BackupRunStatus create(
      BackupRun run,
      BackupPolicy policy,
      BackupRunTransitions transitions,
      BackupRunStatus current) {
    if (!api.served()) {
      return transitions.failed(current, ConditionReason.SNAPSHOT_API_MISSING, SnapshotApi.MISSING);
    }
    List<VolumeSnapshotStatus> created = new ArrayList<>();
    for (String claim : policy.getSpec().getSource().getVolumeSnapshots().getClaims()) {
      GenericKubernetesResource desired = VolumeSnapshots.desired(run, policy, claim);
      try {
        client.genericKubernetesResources(VolumeSnapshots.CONTEXT).resource(desired).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e; // transient: JOSDK retries; snapshots already created are adopted next time
        }
      }
      created.add(VolumeSnapshots.status(claim, desired.getMetadata().getName(), desired));
    }
    return transitions.snapshotsCreated(current, created);
  }
}
