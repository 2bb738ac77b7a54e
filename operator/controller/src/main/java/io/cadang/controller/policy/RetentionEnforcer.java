package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.retention.RetentionPlan;
import io.cadang.controller.retention.RetentionPlanner;
import io.cadang.controller.retention.RetentionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the runs {@link RetentionPlanner} lets go. Only the BackupRun objects are deleted here:
 * the BackupRun reconciler's finalizer removes their objects from every repository, so a deletion
 * by retention and one by a user take the same path.
 */
final class RetentionEnforcer {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionEnforcer.class);

  private final KubernetesClient client;
  private final EventRecorder events;

  RetentionEnforcer(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  /** Returns the names of the runs deleted. */
  List<String> enforce(BackupPolicy policy, PolicyRuns runs, ZoneId zone) {
    RetentionPolicy rules = RetentionRules.of(policy.getSpec());
    if (!rules.anyKeepSet()) {
      return List.of();
    }
    RetentionPlan plan = RetentionPlanner.plan(runs.candidates(Set.of()), rules, zone);
    if (plan.delete().isEmpty()) {
      return List.of(); // the common case costs no RestoreRequest list
    }
    String namespace = policy.getMetadata().getNamespace();
    Set<String> inUse =
        PolicyRuns.inUse(
            client.resources(RestoreRequest.class).inNamespace(namespace).list().getItems());
    plan = RetentionPlanner.plan(runs.candidates(inUse), rules, zone);
    for (String name : plan.delete()) {
      client.resources(BackupRun.class).inNamespace(namespace).withName(name).delete();
      String why = String.join(", ", plan.reasons().get(name));
      LOG.info(
          "retention deleted BackupRun {} ({}); {} run(s) kept", name, why, plan.keep().size());
      events.normal(policy, "RetentionDeleted", "deleted BackupRun " + name + ": " + why);
    }
    return plan.delete();
  }
}
