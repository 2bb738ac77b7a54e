package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.BackupMethod;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.RestoreSource;
import io.cadang.controller.jobs.RunKinds;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which BackupRun a RestoreRequest restores, as a pure function of what exists: the named run when
 * it succeeded, the policy's newest successful run by completion time, or for a Physical policy the
 * base backup a point-in-time target starts from ({@link PointInTimeSources}).
 */
final class RestoreSources {
  private RestoreSources() {}

  /** The outcome of resolving a source. */
  sealed interface Resolution {}

  record Found(BackupRun run) implements Resolution {}

  /** Permanent: the request can never run as written. */
  record Unresolvable(ConditionReason reason, String message) implements Resolution {}

  /** How long a request waits for a policy it names that does not exist yet. */
  static final java.time.Duration POLICY_GRACE = java.time.Duration.ofMinutes(2);

  /** Not yet: the policy has not listed its repositories since the request appeared. */
  record Waiting(String message) implements Resolution {}

  /**
   * @param named the run named by {@code source.backupRun}, null when it does not exist
   * @param policy the policy named by {@code source.policy}, null when it does not exist
   * @param runs the namespace's BackupRuns (only consulted for a policy source)
   */
  static Resolution resolve(
      RestoreSource source, BackupRun named, BackupPolicy policy, List<BackupRun> runs) {
    if (source.getBackupRun() != null) {
      return named(source.getBackupRun(), named);
    }
    if (policy == null) {
      return new Unresolvable(
          ConditionReason.BACKUP_NOT_FOUND,
          "BackupPolicy '" + source.getPolicy() + "' does not exist in this namespace");
    }
    if (policy.getSpec() != null
        && policy.getSpec().getSource() != null
        && policy.getSpec().getSource().getVolumeSnapshots() != null) {
      return snapshotsNotRestorable("of BackupPolicy " + source.getPolicy());
    }
    List<BackupRun> ofPolicy =
        runs.stream().filter(r -> source.getPolicy().equals(policyOf(r))).toList();
    if (source.getBackupId() != null) {
      return byBackupId(source, ofPolicy);
    }
    if (policy.getSpec() != null && policy.getSpec().getMethod() == BackupMethod.PHYSICAL) {
      return PointInTimeSources.resolve(source.getPointInTime(), policy, ofPolicy);
    }
    PointInTime pit = source.getPointInTime();
    if (pit != null && (pit.getTime() != null || pit.getLsn() != null)) {
      return new Unresolvable(
          ConditionReason.UNSUPPORTED,
          "spec.source.pointInTime: time and lsn need a policy with method Physical (base backups"
              + " + WAL); BackupPolicy '"
              + source.getPolicy()
              + "' is Logical: use latest: true or name a backupRun");
    }
    return ofPolicy.stream()
        .filter(RestoreSources::succeeded)
        .max(Comparator.comparing(RestoreSources::completion))
        .<Resolution>map(Found::new)
        .orElseGet(
            () ->
                new Unresolvable(
                    ConditionReason.BACKUP_NOT_FOUND,
                    "BackupPolicy '"
                        + source.getPolicy()
                        + "' has no successful BackupRun to restore"));
  }

  /** The policy's run holding that backup id (imported or not). */
  private static Resolution byBackupId(RestoreSource source, List<BackupRun> ofPolicy) {
    return ofPolicy.stream()
        .filter(
            r -> r.getStatus() != null && source.getBackupId().equals(r.getStatus().getBackupId()))
        .findFirst()
        .map(r -> named(r.getMetadata().getName(), r))
        .orElseGet(
            () ->
                new Unresolvable(
                    ConditionReason.BACKUP_NOT_FOUND,
                    "backup '"
                        + source.getBackupId()
                        + "' is not in the repositories of BackupPolicy '"
                        + source.getPolicy()
                        + "' (as of its last sync; cadang list shows what a repository holds)"));
  }

  /**
   * A backup not found through a policy may only be not imported yet: in a new cluster the
   * RestoreRequest is often applied with the policy. Such a request waits until the policy has
   * synced its repositories after the request was created, then resolves or fails for good.
   *
   * @param requested when the request was created
   * @param now the operator's clock
   */
  static Resolution awaitingSync(
      Resolution resolution,
      RestoreSource source,
      BackupPolicy policy,
      Instant requested,
      Instant now) {
    if (resolution instanceof Unresolvable u
        && policy == null
        && source.getPolicy() != null
        && requested != null
        && now.isBefore(requested.plus(POLICY_GRACE))) {
      // GitOps tools apply a directory in their own order: give the policy time to appear.
      return new Waiting(
          u.message() + " (yet; waiting up to " + POLICY_GRACE.toMinutes() + " min)");
    }
    if (!(resolution instanceof Unresolvable u)
        || source.getPolicy() == null
        || policy == null
        || (u.reason() != ConditionReason.BACKUP_NOT_FOUND
            && u.reason() != ConditionReason.OUTSIDE_RECOVERY_WINDOW)) {
      return resolution;
    }
    String synced =
        policy.getStatus() == null || policy.getStatus().getSync() == null
            ? null
            : policy.getStatus().getSync().getLastSyncedTime();
    if (synced != null && (requested == null || !Instant.parse(synced).isBefore(requested))) {
      return resolution;
    }
    return new Waiting(
        "waiting for BackupPolicy '"
            + source.getPolicy()
            + "' to sync its repositories"
            + (synced == null ? "" : " (last synced " + synced + ")")
            + ": "
            + u.message());
  }

  private static Resolution named(String name, BackupRun run) {
    if (run == null) {
      return new Unresolvable(
          ConditionReason.BACKUP_NOT_FOUND,
          "BackupRun '" + name + "' does not exist in this namespace");
    }
    if (RunKinds.VOLUME_SNAPSHOTS.equals(RunKinds.of(run))) {
      return snapshotsNotRestorable(name);
    }
    if (!succeeded(run)) {
      return new Unresolvable(
          ConditionReason.BACKUP_NOT_FOUND,
          "BackupRun '"
              + name
              + "' has not succeeded (phase "
              + (run.getStatus() == null ? "none" : run.getStatus().getPhase())
              + "); only a successful backup can be restored");
    }
    return new Found(run);
  }

  /** A snapshot is restored by Kubernetes itself, from a claim's dataSource, not by a Job. */
  private static Resolution snapshotsNotRestorable(String what) {
    return new Unresolvable(
        ConditionReason.UNSUPPORTED,
        "the BackupRun "
            + what
            + " holds VolumeSnapshots, not a repository backup: restore one by creating a"
            + " PersistentVolumeClaim whose spec.dataSource names a snapshot from"
            + " status.volumeSnapshots");
  }

  static boolean succeeded(BackupRun run) {
    return run.getStatus() != null
        && run.getStatus().getPhase() == BackupRunPhase.SUCCEEDED
        && run.getStatus().getBackupId() != null;
  }

  static String policyOf(BackupRun run) {
    return run.getSpec() == null || run.getSpec().getPolicyRef() == null
        ? null
        : run.getSpec().getPolicyRef().getName();
  }

  private static Instant completion(BackupRun run) {
    String at =
        Objects.requireNonNullElse(run.getStatus().getCompletionTime(), "1970-01-01T00:00:00Z");
    return Instant.parse(at);
  }
}
