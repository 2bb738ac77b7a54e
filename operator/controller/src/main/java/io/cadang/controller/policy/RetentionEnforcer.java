package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.CadangApi;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.retention.RetentionPlan;
import io.cadang.controller.retention.RetentionPlanner;
import io.cadang.controller.retention.RetentionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the runs {@link RetentionPlanner} lets go. Each is first annotated {@value
 * CadangApi#DELETE_DATA_ANNOTATION}{@code : retention}, then deleted: the BackupRun reconciler's
 * finalizer removes the objects of annotated runs from every repository, while a run deleted
 * without it (by hand, by a GitOps prune) keeps its data under the default deletionPolicy Retain.
 *
 * <p>Imported runs are protected until {@code spec.repositorySync.pruneImported}: a policy applied
 * in a new cluster with {@code keepLast: 2} must not delete the old backups it just found. What
 * retention would delete among them is reported instead.
 */
final class RetentionEnforcer {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionEnforcer.class);
  private static final int MAX_WOULD_DELETE = 50;

  private final KubernetesClient client;
  private final EventRecorder events;
  private final RepositoryProbe repositories;

  RetentionEnforcer(KubernetesClient client, EventRecorder events, RepositoryProbe repositories) {
    this.client = client;
    this.events = events;
    this.repositories = repositories;
  }

  /**
   * @param deleted the runs deleted
   * @param wouldDelete imported runs retention would delete with pruneImported (up to 50)
   */
  record Result(List<String> deleted, List<String> wouldDelete) {
    static final Result NONE = new Result(List.of(), List.of());
  }

  Result enforce(BackupPolicy policy, PolicyRuns runs, ZoneId zone, Instant now) {
    RetentionPolicy rules = RetentionRules.of(policy.getSpec());
    if (!rules.anyKeepSet()) {
      return Result.NONE;
    }
    RetentionPlan plan = RetentionPlanner.plan(runs.candidates(Set.of()), rules, zone);
    if (plan.delete().isEmpty()) {
      return Result.NONE; // the common case costs no RestoreRequest list
    }
    String namespace = policy.getMetadata().getNamespace();
    Set<String> inUse =
        PolicyRuns.inUse(
            client.resources(RestoreRequest.class).inNamespace(namespace).list().getItems());
    Set<String> imported = runs.imported();
    List<String> wouldDelete = List.of();
    if (!pruneImported(policy) && !imported.isEmpty()) {
      wouldDelete =
          RetentionPlanner.plan(runs.candidates(inUse), rules, zone).delete().stream()
              .filter(imported::contains)
              .sorted()
              .limit(MAX_WOULD_DELETE)
              .toList();
      Set<String> protectedRuns = new HashSet<>(inUse);
      protectedRuns.addAll(imported);
      inUse = protectedRuns;
    }
    plan = RetentionPlanner.plan(runs.candidates(inUse), rules, zone);
    List<String> deleted = new ArrayList<>();
    for (String name : plan.delete()) {
      if (locked(policy, runs.byName(name), now)) {
        continue;
      }
      deleted.add(name);
      // The mark first: if the delete is lost, the run is still marked and the next pass retries.
      client
          .resources(BackupRun.class)
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\""
                  + CadangApi.DELETE_DATA_ANNOTATION
                  + "\":\""
                  + CadangApi.DELETE_DATA_BY_RETENTION
                  + "\"}}}");
      client.resources(BackupRun.class).inNamespace(namespace).withName(name).delete();
      String why = String.join(", ", plan.reasons().get(name));
      LOG.info(
          "retention deleted BackupRun {} ({}); {} run(s) kept", name, why, plan.keep().size());
      events.normal(policy, "RetentionDeleted", "deleted BackupRun " + name + ": " + why);
    }
    return new Result(deleted, wouldDelete);
  }

  /**
   * Whether a run retention would delete is still under Object Lock in the primary. The date is
   * read once from the repository and kept on the run as {@value CadangApi#LOCKED_UNTIL_ANNOTATION}
   * (visible with kubectl), so later passes cost no request until it passes.
   */
  private boolean locked(BackupPolicy policy, BackupRun run, Instant now) {
    var storage = policy.getSpec().getStorage();
    if (run == null
        || storage == null // volume snapshots: no repository
        || storage.getPrimary() == null
        || storage.getPrimary().getObjectLock() == null
        || run.getStatus() == null
        || run.getStatus().getBackupId() == null) {
      return false;
    }
    Map<String, String> annotations = run.getMetadata().getAnnotations();
    String known = annotations == null ? null : annotations.get(CadangApi.LOCKED_UNTIL_ANNOTATION);
    if (known != null) {
      try {
        if (Instant.parse(known).isAfter(now)) {
          return true;
        }
      } catch (java.time.format.DateTimeParseException e) {
        // not ours: read the date again
      }
    }
    Optional<Instant> until;
    try {
      until = repositories.lockedUntil(policy, run.getStatus().getBackupId());
    } catch (IOException | RuntimeException e) {
      // Unknown lock state: keep the run and try again on the next pass.
      LOG.warn(
          "retention: cannot read the lock of {}: {}", run.getMetadata().getName(), e.getMessage());
      return true;
    }
    if (until.isEmpty() || !until.get().isAfter(now)) {
      return false;
    }
    client
        .resources(BackupRun.class)
        .inNamespace(run.getMetadata().getNamespace())
        .withName(run.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\""
                + CadangApi.LOCKED_UNTIL_ANNOTATION
                + "\":\""
                + until.get()
                + "\"}}}");
    events.normal(
        policy,
        "RetentionDeferred",
        "BackupRun "
            + run.getMetadata().getName()
            + " is under Object Lock until "
            + until.get()
            + "; retention deletes it then");
    return true;
  }

  private static boolean pruneImported(BackupPolicy policy) {
    return policy.getSpec().getRepositorySync() != null
        && Boolean.TRUE.equals(policy.getSpec().getRepositorySync().getPruneImported());
  }
}
