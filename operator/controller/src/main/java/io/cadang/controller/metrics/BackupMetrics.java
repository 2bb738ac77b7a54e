package io.cadang.controller.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cadang's own Prometheus series, per namespace and policy. Names follow Prometheus conventions so
 * alert rules read naturally, e.g. {@code time() - cadang_backup_last_success_timestamp_seconds >
 * ...} for stale backups. Values are set from status, so a restarted operator re-publishes them on
 * its first reconcile.
 */
public final class BackupMetrics {
  private final MeterRegistry registry;
  private final Map<Tags, PolicySeries> policies = new ConcurrentHashMap<>();
  private final Map<Tags, WalSeries> wal = new ConcurrentHashMap<>();
  private final Map<Tags, AtomicReference<Double>> replicaBehind = new ConcurrentHashMap<>();
  private final Map<Tags, WalReplicaSeries> walReplicas = new ConcurrentHashMap<>();
  private final Map<Tags, ObjectiveSeries> objectives = new ConcurrentHashMap<>();

  /** Objectives and drills of one policy. NaN means "not set" or "not known yet". */
  private static final class ObjectiveSeries {
    final AtomicReference<Double> rpoObjective = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> rtoObjective = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> rpo = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> drillLastSuccess = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> drillDuration = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> drillSucceeded = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> drillNext = new AtomicReference<>(Double.NaN);
  }

  /** The WAL archive of one policy with pitr. NaN means "not known yet". */
  private static final class WalSeries {
    final AtomicReference<Double> lagSeconds = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> lagBytes = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> lastArchived = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> targetRpo = new AtomicReference<>(Double.NaN);
  }

  public BackupMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Live values of one policy, read by the gauges. NaN means "not known yet". */
  private static final class PolicySeries {
    final AtomicReference<Double> lastSuccess = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> lastSucceeded = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> lastDuration = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> lastStoredBytes = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> nextSchedule = new AtomicReference<>(Double.NaN);
  }

  private PolicySeries series(String namespace, String policy) {
    Tags tags = Tags.of("namespace", namespace, "policy", policy);
    return policies.computeIfAbsent(
        tags,
        t -> {
          PolicySeries s = new PolicySeries();
          gauge(
              "cadang_backup_last_success_timestamp_seconds",
              t,
              s.lastSuccess,
              "Completion time of the policy's last successful backup");
          gauge(
              "cadang_backup_last_run_succeeded",
              t,
              s.lastSucceeded,
              "1 when the policy's most recent finished backup succeeded, 0 when it failed");
          gauge(
              "cadang_backup_last_duration_seconds",
              t,
              s.lastDuration,
              "Duration of the policy's most recent finished backup");
          gauge(
              "cadang_backup_last_stored_bytes",
              t,
              s.lastStoredBytes,
              "Bytes stored (compressed, encrypted) by the policy's last successful backup");
          gauge(
              "cadang_backup_next_schedule_timestamp_seconds",
              t,
              s.nextSchedule,
              "When the policy's next backup is scheduled");
          return s;
        });
  }

  private void gauge(String name, Tags tags, AtomicReference<Double> value, String help) {
    Gauge.builder(name, value, AtomicReference::get)
        .tags(tags)
        .description(help)
        .register(registry);
  }

  /** A run finished; counts it and updates the policy's last-run series. */
  public void backupFinished(
      String namespace,
      String policy,
      boolean succeeded,
      Instant completedAt,
      Duration took,
      long storedBytes) {
    PolicySeries s = series(namespace, policy);
    s.lastSucceeded.set(succeeded ? 1.0 : 0.0);
    s.lastDuration.set(took.toMillis() / 1000.0);
    if (succeeded) {
      s.lastSuccess.set(completedAt.toEpochMilli() / 1000.0);
      s.lastStoredBytes.set((double) storedBytes);
    }
    Counter.builder("cadang_backup_runs_total")
        .description("Finished backup runs by result")
        .tags(
            Tags.of(
                "namespace",
                namespace,
                "policy",
                policy,
                "result",
                succeeded ? "succeeded" : "failed"))
        .register(registry)
        .increment();
  }

  /** Publishes what status already knows (after an operator restart, before any new run). */
  public void lastSuccess(String namespace, String policy, Instant at) {
    if (at != null) {
      series(namespace, policy).lastSuccess.set(at.toEpochMilli() / 1000.0);
    }
  }

  public void nextSchedule(String namespace, String policy, Instant next) {
    series(namespace, policy)
        .nextSchedule
        .set(next == null ? Double.NaN : next.toEpochMilli() / 1000.0);
  }

  /**
   * What the WAL streamer last reported: lag against the operator's clock (so an alert sees it grow
   * when the streamer dies), lag in bytes, the newest archived moment, and the policy's target RPO
   * (so an alert compares the lag with each policy's own objective).
   */
  public void walArchive(
      String namespace,
      String policy,
      double lagSeconds,
      double lagBytes,
      Instant archivedAt,
      Duration targetRpo) {
    Tags tags = Tags.of("namespace", namespace, "policy", policy);
    WalSeries s =
        wal.computeIfAbsent(
            tags,
            t -> {
              WalSeries n = new WalSeries();
              gauge(
                  "cadang_wal_archive_lag_seconds",
                  t,
                  n.lagSeconds,
                  "Seconds since the newest WAL archived by the policy's streamer");
              gauge(
                  "cadang_wal_archive_lag_bytes",
                  t,
                  n.lagBytes,
                  "Bytes of WAL the server has written that are not archived yet");
              gauge(
                  "cadang_wal_last_archived_timestamp_seconds",
                  t,
                  n.lastArchived,
                  "The latest restorable point of the policy (archivedAt of wal/status.json)");
              gauge(
                  "cadang_wal_target_rpo_seconds",
                  t,
                  n.targetRpo,
                  "The policy's spec.pitr.targetRpo: how far the archive may trail the server");
              return n;
            });
    s.lagSeconds.set(lagSeconds);
    s.lagBytes.set(lagBytes);
    s.lastArchived.set(archivedAt == null ? Double.NaN : archivedAt.toEpochMilli() / 1000.0);
    s.targetRpo.set((double) targetRpo.toSeconds());
  }

  /**
   * Backups each replica repository of the policy misses ({@code
   * cadang_replica_backups_behind{namespace,policy,repository}}); a replica removed from the spec
   * loses its series.
   */
  public void replicas(
      String namespace,
      String policy,
      java.util.List<io.cadang.controller.policy.ReplicaLag.Lag> lags) {
    java.util.Set<String> current = new java.util.HashSet<>();
    for (var lag : lags) {
      current.add(lag.repository());
      Tags tags = Tags.of("namespace", namespace, "policy", policy, "repository", lag.repository());
      replicaBehind
          .computeIfAbsent(
              tags,
              t -> {
                AtomicReference<Double> v = new AtomicReference<>(Double.NaN);
                gauge(
                    "cadang_replica_backups_behind",
                    t,
                    v,
                    "Kept backups of the policy that a replica repository does not hold yet");
                return v;
              })
          .set((double) lag.behind());
    }
    replicaBehind.keySet().stream()
        .filter(
            t ->
                namespace.equals(tagValue(t, "namespace"))
                    && policy.equals(tagValue(t, "policy"))
                    && !current.contains(tagValue(t, "repository")))
        .toList()
        .forEach(
            t -> {
              replicaBehind.remove(t);
              registry.getMeters().stream()
                  .filter(
                      m ->
                          m.getId().getName().equals("cadang_replica_backups_behind")
                              && Tags.of(m.getId().getTags()).equals(t))
                  .toList()
                  .forEach(registry::remove);
            });
  }

  private static String tagValue(Tags tags, String key) {
    return tags.stream()
        .filter(t -> t.getKey().equals(key))
        .findFirst()
        .map(t -> t.getValue())
        .orElse(null);
  }

  /** pitr was turned off: the WAL series disappear. */
  /** Per-replica WAL lag; replicas no longer listed lose their series. */
  public void walReplicas(
      String namespace,
      String policy,
      java.util.List<io.cadang.api.v1alpha1.WalReplicaStatus> replicas) {
    java.util.Set<Tags> current = new java.util.HashSet<>();
    for (var r : replicas) {
      Tags tags =
          Tags.of("namespace", namespace, "policy", policy, "repository", r.getRepository());
      current.add(tags);
      WalReplicaSeries s =
          walReplicas.computeIfAbsent(
              tags,
              t -> {
                WalReplicaSeries n = new WalReplicaSeries();
                gauge(
                    "cadang_wal_replica_lag_seconds",
                    t,
                    n.lagSeconds,
                    "Seconds a replica repository's WAL trails the primary archive (NaN: unknown)");
                gauge(
                    "cadang_wal_replica_lag_bytes",
                    t,
                    n.lagBytes,
                    "Bytes of WAL the primary archive holds that a replica repository does not");
                return n;
              });
      s.lagSeconds.set(r.getLagSeconds() == null ? Double.NaN : r.getLagSeconds());
      s.lagBytes.set(r.getLagBytes() == null ? Double.NaN : r.getLagBytes());
    }
    walReplicas.keySet().stream()
        .filter(
            t ->
                namespace.equals(tagValue(t, "namespace"))
                    && policy.equals(tagValue(t, "policy"))
                    && !current.contains(t))
        .toList()
        .forEach(
            t -> {
              walReplicas.remove(t);
              registry.getMeters().stream()
                  .filter(
                      m ->
                          m.getId().getName().startsWith("cadang_wal_replica_")
                              && Tags.of(m.getId().getTags()).equals(t))
                  .toList()
                  .forEach(registry::remove);
            });
  }

  private static final class WalReplicaSeries {
    final AtomicReference<Double> lagSeconds = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> lagBytes = new AtomicReference<>(Double.NaN);
  }

  public void forgetWal(String namespace, String policy) {
    walReplicas(namespace, policy, java.util.List.of());
    if (wal.remove(Tags.of("namespace", namespace, "policy", policy)) != null) {
      remove("cadang_wal_", namespace, policy);
    }
  }

  /** A policy was deleted: its series disappear instead of going stale forever. */
  public void forgetPolicy(String namespace, String policy) {
    Tags tags = Tags.of("namespace", namespace, "policy", policy);
    if (policies.remove(tags) != null) {
      remove("cadang_backup_", namespace, policy);
    }
    forgetWal(namespace, policy);
    replicas(namespace, policy, java.util.List.of());
    forgetObjectives(tags, namespace, policy);
  }

  private void remove(String prefix, String namespace, String policy) {
    registry.getMeters().stream()
        .filter(
            m ->
                m.getId().getName().startsWith(prefix)
                    && namespace.equals(m.getId().getTag("namespace"))
                    && policy.equals(m.getId().getTag("policy")))
        .forEach(registry::remove);
  }

  /**
   * The policy's objectives, its measured RPO and its drills, for the alerts
   * CadangRpoAboveObjective, CadangRtoAboveObjective, CadangDrillFailed and CadangDrillOverdue.
   */
  public void objectives(
      String namespace,
      String policy,
      io.cadang.api.v1alpha1.Objectives spec,
      Duration measuredRpo,
      io.cadang.api.v1alpha1.DrillsStatus drills) {
    Tags tags = Tags.of("namespace", namespace, "policy", policy);
    if (spec == null && drills == null) {
      // No objectives, no drills: no series (seven NaN gauges per policy would only add noise).
      forgetObjectives(tags, namespace, policy);
      return;
    }
    ObjectiveSeries s =
        objectives.computeIfAbsent(
            tags,
            t -> {
              ObjectiveSeries n = new ObjectiveSeries();
              gauge(
                  "cadang_objective_rpo_seconds", t, n.rpoObjective, "The policy's RPO objective");
              gauge(
                  "cadang_objective_rto_seconds", t, n.rtoObjective, "The policy's RTO objective");
              gauge(
                  "cadang_rpo_seconds",
                  t,
                  n.rpo,
                  "What a loss now would cost: the WAL archive's lag, else the newest backup's age");
              gauge(
                  "cadang_drill_last_success_timestamp_seconds",
                  t,
                  n.drillLastSuccess,
                  "When the policy's newest successful drill finished");
              gauge(
                  "cadang_drill_duration_seconds",
                  t,
                  n.drillDuration,
                  "The newest finished drill's time from start to verified: the measured RTO");
              gauge(
                  "cadang_drill_last_succeeded",
                  t,
                  n.drillSucceeded,
                  "1 when the policy's newest finished drill succeeded, 0 when it failed");
              gauge(
                  "cadang_drill_next_timestamp_seconds",
                  t,
                  n.drillNext,
                  "When the policy's next scheduled drill is due");
              return n;
            });
    s.rpoObjective.set(seconds(spec == null ? null : spec.getRpo()));
    s.rtoObjective.set(seconds(spec == null ? null : spec.getRto()));
    s.rpo.set(measuredRpo == null ? Double.NaN : (double) measuredRpo.toSeconds());
    s.drillLastSuccess.set(epoch(drills == null ? null : drills.getLastSuccessTime()));
    s.drillDuration.set(
        drills == null || drills.getLastDurationSeconds() == null
            ? Double.NaN
            : drills.getLastDurationSeconds().doubleValue());
    s.drillSucceeded.set(
        drills == null || drills.getLastResult() == null
            ? Double.NaN
            : "Succeeded".equals(drills.getLastResult()) ? 1.0 : 0.0);
    s.drillNext.set(epoch(drills == null ? null : drills.getNextScheduleTime()));
  }

  private void forgetObjectives(Tags tags, String namespace, String policy) {
    if (objectives.remove(tags) != null) {
      remove("cadang_objective_", namespace, policy);
      remove("cadang_rpo_", namespace, policy);
      remove("cadang_drill_", namespace, policy);
    }
  }

  private static double seconds(String shortDuration) {
    return io.cadang.api.v1alpha1.ShortDuration.parse(shortDuration)
        .map(d -> (double) d.toSeconds())
        .orElse(Double.NaN);
  }

  private static double epoch(String time) {
    return time == null ? Double.NaN : Instant.parse(time).toEpochMilli() / 1000.0;
  }

  public void restoreFinished(String namespace, String mode, boolean succeeded, Duration took) {
    Tags tags =
        Tags.of("namespace", namespace, "mode", mode, "result", succeeded ? "succeeded" : "failed");
    Counter.builder("cadang_restores_total")
        .description("Finished restores and drills by result")
        .tags(tags)
        .register(registry)
        .increment();
    Timer.builder("cadang_restore_duration")
        .description("Measured duration of restores and drills (RTO of the restore step)")
        .tags(tags)
        .register(registry)
        .record(took);
  }
}
