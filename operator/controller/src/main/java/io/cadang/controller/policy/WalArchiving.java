package io.cadang.controller.policy;

import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.WalReplicaStatus;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.WalStreamerDeployments;
import io.cadang.controller.metrics.BackupMetrics;
import io.cadang.controller.pitr.PitrSettings;
import io.cadang.controller.pitr.WalArchiveEvaluation;
import io.cadang.controller.pitr.WalArchiveEvaluator;
import io.cadang.controller.pitr.WalArchiveReader;
import io.cadang.controller.pitr.WalReplicaLag;
import io.cadang.controller.pitr.WalRepositories;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The WAL streamer of a policy and what it reports: keeps Deployment {@code <policy>-wal-stream} as
 * {@link WalStreamerDeployments} describes it, reads {@code wal/status.json}, publishes metrics and
 * sets status.walArchive and the WalArchiving condition.
 *
 * <p>The streamer runs while {@code spec.pitr.enabled} (method Physical), also while the policy is
 * suspended: suspend stops scheduling base backups, and stopping WAL archiving with it would
 * silently end the recovery window and let the slot hold WAL on the server. It is deleted when pitr
 * is turned off. While the spec has problems it needs (missing Secret, invalid field) it is neither
 * created nor changed, but an existing one is left running: a Secret being rotated must not cost
 * WAL.
 */
final class WalArchiving {
  /** The streamer pod's spec, hashed: updated only when what we want changed. */
  static final String SPEC_HASH = "cadang.io/spec-hash";

  /** Never poll the repository more often than this, whatever the interval. */
  static final Duration MIN_REQUEUE = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final WalArchiveReader reader;
  private final EventRecorder events;
  private final BackupMetrics metrics;

  WalArchiving(
      KubernetesClient client,
      OperatorSettings settings,
      WalArchiveReader reader,
      EventRecorder events,
      BackupMetrics metrics) {
    this.client = client;
    this.settings = settings;
    this.reader = reader;
    this.events = events;
    this.metrics = metrics;
  }

  /** Empty when pitr is off: there is nothing to watch. */
  Optional<WalArchiveEvaluation> reconcile(
      BackupPolicy policy, PolicyCheck check, BackupPolicyStatus current, Instant now) {
    PitrSettings pitr = PitrSettings.of(policy);
    String ns = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    if (!pitr.enabled()) {
      // One GET per reconcile: also finds a streamer whose policy never got a report.
      var streamer = client.apps().deployments().inNamespace(ns).withName(streamer(policy));
      if (streamer.get() != null) {
        streamer.delete();
        events.normal(policy, "WalStreamerDeleted", "pitr is off: deleted " + streamer(policy));
      }
      metrics.forgetWal(ns, name);
      return Optional.empty();
    }
    Deployment deployment = ensureStreamer(policy, check);
    Instant since =
        deployment == null || deployment.getMetadata().getCreationTimestamp() == null
            ? null
            : Instant.parse(deployment.getMetadata().getCreationTimestamp());
    Optional<WalStatus> report = Optional.empty();
    Optional<String> problem = Optional.empty();
    try {
      report = reader.read(policy);
    } catch (IOException | RuntimeException e) {
      // Repository messages name the repository and the problem, never credentials.
      problem = Optional.of(Objects.requireNonNullElse(e.getMessage(), e.getClass().getName()));
    }
    WalArchiveEvaluation evaluation =
        WalArchiveEvaluator.evaluate(report, problem, pitr, since, now);
    metrics.walArchive(
        ns,
        name,
        evaluation.lagSeconds(),
        evaluation.lagBytes(),
        evaluation.archivedAt(),
        pitr.targetRpo());
    if (evaluation.status() != null && !WalRepositories.replicas(policy).isEmpty()) {
      // Each replica's own report: how far a restore from it reaches, and how far it trails.
      List<WalReplicaStatus> replicas =
          WalReplicaLag.of(report.orElse(null), reader.replicas(policy));
      evaluation.status().setReplicas(replicas);
      metrics.walReplicas(ns, name, replicas);
    } else {
      metrics.walReplicas(ns, name, List.of());
    }
    return Optional.of(evaluation);
  }

  /** Writes the evaluation into the next status and announces a change of WalArchiving. */
  void apply(
      BackupPolicy policy,
      BackupPolicyStatus current,
      BackupPolicyStatus next,
      Optional<WalArchiveEvaluation> evaluation,
      Instant now) {
    if (evaluation.isEmpty()) {
      next.setWalArchive(null);
      next.setConditions(without(next.getConditions(), ConditionType.WAL_ARCHIVING));
      return;
    }
    WalArchiveEvaluation e = evaluation.get();
    // The last report stays visible while the repository cannot be read.
    next.setWalArchive(e.status() != null ? e.status() : current.getWalArchive());
    if (e.condition() == null) {
      return; // the streamer is starting: no verdict yet
    }
    next.setConditions(
        Conditions.with(
            next.getConditions(),
            ConditionType.WAL_ARCHIVING,
            e.condition().ok(),
            e.condition().reason(),
            e.condition().message(),
            policy.getMetadata().getGeneration(),
            now));
    announce(policy, current.getConditions(), e.condition());
  }

  /** How soon to look again while pitr is on, so a dead streamer shows within a few intervals. */
  static Duration requeue(BackupPolicy policy) {
    Duration wanted = PitrSettings.of(policy).interval().multipliedBy(3);
    return wanted.compareTo(MIN_REQUEUE) < 0 ? MIN_REQUEUE : wanted;
  }

  private Deployment ensureStreamer(BackupPolicy policy, PolicyCheck check) {
    String ns = policy.getMetadata().getNamespace();
    Deployment existing =
        client.apps().deployments().inNamespace(ns).withName(streamer(policy)).get();
    boolean specUsable =
        check.problems().stream()
            .allMatch(
                p ->
                    p.reason() == ConditionReason.REPOSITORY_UNREACHABLE
                        || p.reason() == ConditionReason.INVALID_SCHEDULE
                        || p.reason() == ConditionReason.INVALID_TIME_ZONE);
    if (!specUsable) {
      return existing;
    }
    Deployment desired = WalStreamerDeployments.desired(policy, settings);
    String hash = hash(desired);
    desired
        .getMetadata()
        .setAnnotations(new java.util.HashMap<>(java.util.Map.of(SPEC_HASH, hash)));
    if (existing == null) {
      try {
        Deployment created = client.resource(desired).create();
        events.normal(
            policy,
            "WalStreamerCreated",
            "created Deployment "
                + streamer(policy)
                + " (slot "
                + PitrSettings.of(policy).slot()
                + ")");
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e; // transient: JOSDK retries with backoff
        }
        return client.apps().deployments().inNamespace(ns).withName(streamer(policy)).get();
      }
    }
    if (hash.equals(
        existing.getMetadata().getAnnotations() == null
            ? null
            : existing.getMetadata().getAnnotations().get(SPEC_HASH))) {
      return existing;
    }
    // Replace the spec, keep identity (creation time, uid): Recreate rolls the pod.
    existing.setSpec(desired.getSpec());
    existing.getMetadata().setLabels(desired.getMetadata().getLabels());
    existing.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
    if (existing.getMetadata().getAnnotations() == null) {
      existing.getMetadata().setAnnotations(new java.util.HashMap<>());
    }
    existing.getMetadata().getAnnotations().put(SPEC_HASH, hash);
    Deployment updated = client.resource(existing).update();
    events.normal(policy, "WalStreamerUpdated", "updated Deployment " + streamer(policy));
    return updated;
  }

  private void announce(
      BackupPolicy policy, List<Condition> before, WalArchiveEvaluation.Verdict now) {
    Optional<Condition> was = Conditions.find(before, ConditionType.WAL_ARCHIVING);
    boolean changed =
        was.map(
                c ->
                    !c.getStatus().equals(now.ok() ? "True" : "False")
                        || !c.getReason().equals(now.reason().value()))
            .orElse(true);
    if (!changed) {
      return;
    }
    if (now.ok()) {
      events.normal(policy, now.reason().value(), now.message());
    } else {
      events.warning(policy, now.reason().value(), now.message());
    }
  }

  private static List<Condition> without(List<Condition> conditions, ConditionType type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> !type.value().equals(c.getType())).toList();
  }

  private static String streamer(BackupPolicy policy) {
    return WalStreamerDeployments.name(policy);
  }

  private static String hash(Deployment desired) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (Serialization.asJson(desired.getSpec())
                          + Serialization.asJson(desired.getMetadata().getLabels()))
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
