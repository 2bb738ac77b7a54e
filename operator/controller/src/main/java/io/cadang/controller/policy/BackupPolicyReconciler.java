package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupMethod;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.CadangApi;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.AgentAccess;
import io.cadang.controller.metrics.BackupMetrics;
import io.cadang.controller.pitr.PhysicalBackups;
import io.cadang.controller.pitr.PitrSettings;
import io.cadang.controller.pitr.RecoveryWindows;
import io.cadang.controller.pitr.WalArchiveEvaluation;
import io.cadang.controller.pitr.WalArchiveReader;
import io.cadang.controller.pitr.WalPruner;
import io.cadang.controller.pitr.WalReplicaLag;
import io.cadang.controller.restore.RestoreConflicts;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.schedule.SlotDecision;
import io.cadang.controller.snapshots.SnapshotApi;
import io.cadang.controller.status.Conditions;
import io.cadang.controller.sync.RepositorySync;
import io.cadang.controller.sync.SyncSchedule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a BackupPolicy's schedule, retention and status: validate ({@link PolicyValidator}), decide
 * the slot ({@link ScheduledRuns}), create the slot's BackupRun, apply retention, write status
 * ({@link PolicyStatusAggregator}). No cron state lives in memory: every reconcile starts from
 * status.lastScheduleTime and the clock, and requeues itself for the next slot.
 *
 * <p>Not generation-aware: a metadata edit (e.g. {@code kubectl annotate ... cadang.io/check=now})
 * also wakes the reconciler, so users can force a re-check after fixing a Secret. The price is one
 * extra reconcile after each status write, which finds nothing changed and writes nothing.
 *
 * <p>The finalizer (via {@link Cleaner}) exists only to drop the policy's metric series; the runs
 * are owned by the policy and garbage-collected with it.
 */
@ControllerConfiguration(name = "backuppolicy", generationAwareEventProcessing = false)
public class BackupPolicyReconciler implements Reconciler<BackupPolicy>, Cleaner<BackupPolicy> {
  /** A sync that imported runs looks again soon: the next batch, or the window with them. */
  static final Duration IMPORT_NEXT_BATCH = Duration.ofSeconds(1);

  /** The soonest a sync that is due but could not run is looked at again. */
  static final Duration SYNC_RETRY = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Clock clock;
  private final EventRecorder events;
  private final BackupMetrics metrics;
  private final RepositoryProbe repositories;
  private final RetentionEnforcer retention;
  private final WalArchiving wal;
  private final WalPruner walPruner;
  private final SnapshotApi snapshotApi;
  private final PolicySyncStep syncStep;
  private final DrillStep drillStep;

  public BackupPolicyReconciler(
      KubernetesClient client,
      OperatorSettings settings,
      Clock clock,
      EventRecorder events,
      BackupMetrics metrics,
      RepositoryProbe repositories,
      WalArchiveReader walArchives,
      WalPruner walPruner,
      RepositorySync sync) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.repositories = repositories;
    this.retention = new RetentionEnforcer(client, events, repositories);
    this.wal = new WalArchiving(client, settings, walArchives, events, metrics);
    this.walPruner = walPruner;
    this.snapshotApi = new SnapshotApi(client);
    this.syncStep = new PolicySyncStep(sync, events);
    this.drillStep = new DrillStep(client, events);
  }

  @Override
  public List<EventSource<?, BackupPolicy>> prepareEventSources(
      EventSourceContext<BackupPolicy> ctx) {
    // Manual runs carry no label, so runs map to their policy by spec.policyRef.
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(BackupRun.class, BackupPolicy.class)
                .withSecondaryToPrimaryMapper(
                    (BackupRun run) ->
                        run.getSpec() == null || run.getSpec().getPolicyRef() == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    run.getSpec().getPolicyRef().getName(),
                                    run.getMetadata().getNamespace())))
                .build(),
            ctx),
        // Drills (scheduled or applied by hand through the policy) feed status.drills and RTOMet.
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(RestoreRequest.class, BackupPolicy.class)
                .withSecondaryToPrimaryMapper(
                    (RestoreRequest r) -> {
                      var labels = r.getMetadata().getLabels();
                      String policy =
                          labels != null && labels.get(CadangApi.DRILL_OF_LABEL) != null
                              ? labels.get(CadangApi.DRILL_OF_LABEL)
                              : r.getSpec() == null || r.getSpec().getSource() == null
                                  ? null
                                  : r.getSpec().getSource().getPolicy();
                      return policy == null
                          ? Set.of()
                          : Set.of(new ResourceID(policy, r.getMetadata().getNamespace()));
                    })
                .build(),
            ctx));
  }

  @Override
  public UpdateControl<BackupPolicy> reconcile(BackupPolicy policy, Context<BackupPolicy> ctx) {
    Instant now = clock.instant();
    String name = policy.getMetadata().getName();
    String namespace = policy.getMetadata().getNamespace();
    BackupPolicyStatus current =
        policy.getStatus() == null ? new BackupPolicyStatus() : policy.getStatus();
    PolicyRuns runs = PolicyRuns.of(ctx.getSecondaryResources(BackupRun.class));

    PolicyCheck check = PolicyValidator.check(policy.getSpec(), secret -> keys(namespace, secret));
    if (policy.getSpec() != null) {
      Optional<String> refusal = AgentAccess.refusal(client, policy, settings);
      if (refusal.isPresent()) {
        check = check.with(new SpecProblem(ConditionReason.AGENT_NOT_ALLOWED, refusal.get()));
      }
    }
    boolean snapshots = isVolumeSnapshots(policy);
    if (snapshots && !snapshotApi.served()) {
      check =
          check.with(
              new SpecProblem(
                  ConditionReason.SNAPSHOT_API_MISSING,
                  "spec.source.volumeSnapshots: " + SnapshotApi.MISSING));
    }
    if (check.ready() && !snapshots && needsProbe(policy, current)) {
      check = repositories.problem(policy).map(check::with).orElse(check);
    }
    Optional<RepositorySync.Outcome> synced =
        syncStep.run(policy, check, current, ctx.getSecondaryResources(BackupRun.class), now);
    List<String> wouldDelete = List.of();
    SlotDecision decision = null;
    String activeRun = runs.active().map(r -> r.getMetadata().getName()).orElse(null);
    // Listed once per reconcile, and only when something can be scheduled: backups and drills both
    // wait for a restore of the policy.
    boolean restoring = false;
    if (check.schedulable()) {
      restoring = restoreActive(policy, runs);
      decision = ScheduledRuns.decide(policy, check.schedule(), runs, now, restoring);
      if (decision instanceof SlotDecision.RunNow run) {
        activeRun = createRun(policy, run.slot());
      } else if (decision instanceof SlotDecision.SkipBusy skip) {
        events.warning(
            policy,
            "SlotSkipped",
            PolicyStatusAggregator.skippedMessage(
                skip.slot(), activeRun != null ? activeRun : "a restore of this policy's backups"));
      }
      RetentionEnforcer.Result pruned =
          retention.enforce(policy, runs, check.schedule().zone(), now);
      wouldDelete = pruned.wouldDelete();
      List<String> deleted = pruned.deleted();
      runs = runs.without(deleted);
      if (!deleted.isEmpty()) {
        pruneWal(policy, runs, ctx);
      }
    }
    Optional<WalArchiveEvaluation> archive = wal.reconcile(policy, check, current, now);

    BackupPolicyStatus next =
        new PolicyStatusAggregator(policy, now).next(current, check, decision, activeRun, runs);
    wal.apply(policy, current, next, archive, now);
    next.setRecoveryWindow(
        RecoveryWindows.of(
            PhysicalBackups.succeeded(runs.all()),
            archive.isEmpty() || next.getWalArchive() == null
                ? null
                : parse(next.getWalArchive().getArchivedAt())));
    List<ReplicaLag.Lag> lags = ReplicaLag.of(replicas(policy), runs.all());
    next.setConditions(
        ReplicaLag.condition(
            next.getConditions(),
            lags,
            next.getWalArchive() == null
                ? List.of()
                : WalReplicaLag.problems(
                    next.getWalArchive().getReplicas(), PitrSettings.of(policy).targetRpo()),
            policy.getMetadata().getGeneration(),
            now));
    metrics.replicas(namespace, name, lags);
    syncStep.apply(policy, current, next, synced, wouldDelete, now);
    DrillRecords drills =
        DrillRecords.of(
            List.copyOf(ctx.getSecondaryResources(RestoreRequest.class)),
            policy.getMetadata().getName());
    Optional<DrillSlots.Decision> drill =
        drillStep.run(
            policy,
            check,
            current,
            drills,
            next.getActiveRun() != null || restoring || drills.active(),
            now);
    next.setDrills(DrillStep.status(current, drill, drills));
    next.setConditions(
        ObjectiveConditions.apply(
            next.getConditions(),
            policy.getSpec().getObjectives(),
            next,
            drills.newestFinished(),
            policy.getMetadata().getGeneration(),
            now));
    metrics.objectives(
        namespace,
        name,
        policy.getSpec().getObjectives(),
        ObjectiveConditions.measuredRpo(next, now).orElse(null),
        next.getDrills());
    announceReady(policy, current.getConditions(), next.getConditions());
    metrics.lastSuccess(namespace, name, parse(next.getLastSuccessTime()));
    metrics.nextSchedule(namespace, name, parse(next.getNextScheduleTime()));
    policy.setStatus(next);
    UpdateControl<BackupPolicy> control =
        next.equals(current) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(policy);
    Optional<Duration> requeue = PolicyRequeue.after(check, decision, now);
    Optional<Instant> drillDue = drill.flatMap(DrillSlots.Decision::next);
    if (drillDue.isPresent()) {
      Duration d = Duration.between(now, drillDue.get());
      Duration drillIn = d.compareTo(SYNC_RETRY) < 0 ? SYNC_RETRY : d;
      requeue = Optional.of(requeue.filter(r -> r.compareTo(drillIn) < 0).orElse(drillIn));
    }
    if (archive.isPresent()) {
      // Look again within a few report intervals, so a dead streamer shows up in the condition.
      Duration walCheck = WalArchiving.requeue(policy);
      requeue = Optional.of(requeue.filter(d -> d.compareTo(walCheck) < 0).orElse(walCheck));
    }
    if (synced.map(RepositorySync.Outcome::more).orElse(false)) {
      requeue = Optional.of(IMPORT_NEXT_BATCH);
    } else if (!isVolumeSnapshots(policy)) {
      // Never sooner than SYNC_RETRY: a policy that has not synced yet (a Secret missing, a spec
      // to fix) is due at once, and a zero delay would spin the reconciler against the API.
      Duration due = SyncSchedule.until(policy, next, now);
      Duration syncIn = due.compareTo(SYNC_RETRY) < 0 ? SYNC_RETRY : due;
      requeue = Optional.of(requeue.filter(d -> d.compareTo(syncIn) < 0).orElse(syncIn));
    }
    return requeue.map(control::rescheduleAfter).orElse(control);
  }

  /**
   * Retention just let base backups go: the WAL only they needed goes too. A failure is reported
   * and retried after the next deletion; it never blocks scheduling.
   */
  private void pruneWal(BackupPolicy policy, PolicyRuns kept, Context<BackupPolicy> ctx) {
    if (policy.getSpec().getMethod() != BackupMethod.PHYSICAL) {
      return;
    }
    try {
      // Runs being deleted still hold their replica copies for replicaDeletionDelay.
      List<String> removed =
          walPruner.prune(policy, kept.all(), ctx.getSecondaryResources(BackupRun.class));
      if (!removed.isEmpty()) {
        events.normal(
            policy,
            "WalRetentionDeleted",
            "deleted "
                + removed.size()
                + " WAL object(s) older than the oldest kept base backup, up to "
                + removed.get(removed.size() - 1));
      }
    } catch (IOException | RuntimeException e) {
      events.warning(policy, "WalRetentionFailed", "WAL retention: " + e.getMessage());
    }
  }

  private boolean restoreActive(BackupPolicy policy, PolicyRuns runs) {
    return RestoreConflicts.restoreActive(
        client
            .resources(RestoreRequest.class)
            .inNamespace(policy.getMetadata().getNamespace())
            .list()
            .getItems(),
        policy.getMetadata().getName(),
        runs.names());
  }

  /** Creates the slot's run; one already there (a retry, a restart) is adopted, not duplicated. */
  private String createRun(BackupPolicy policy, Instant slot) {
    BackupRun run = ScheduledRuns.desired(policy, slot);
    try {
      client.resource(run).create();
      events.normal(policy, "RunCreated", "created BackupRun " + run.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e; // transient: JOSDK retries with backoff
      }
    }
    return run.getMetadata().getName();
  }

  private static boolean isVolumeSnapshots(BackupPolicy policy) {
    return policy.getSpec() != null
        && policy.getSpec().getSource() != null
        && policy.getSpec().getSource().getVolumeSnapshots() != null;
  }

  private static List<io.cadang.api.v1alpha1.Repository> replicas(BackupPolicy policy) {
    return policy.getSpec() == null
            || policy.getSpec().getStorage() == null
            || policy.getSpec().getStorage().getReplicas() == null
        ? List.of()
        : policy.getSpec().getStorage().getReplicas();
  }

  /** Probing costs an S3 round trip: only for a new spec or while not yet Ready. */
  private static boolean needsProbe(BackupPolicy policy, BackupPolicyStatus current) {
    return !java.util.Objects.equals(
            policy.getMetadata().getGeneration(), current.getObservedGeneration())
        || !Conditions.isTrue(current.getConditions(), ConditionType.READY);
  }

  /** One Event per change of Ready, not one per reconcile. */
  private void announceReady(BackupPolicy policy, List<Condition> before, List<Condition> after) {
    Optional<Condition> was = Conditions.find(before, ConditionType.READY);
    Condition now = Conditions.find(after, ConditionType.READY).orElseThrow();
    boolean changed =
        was.map(
                c ->
                    !c.getStatus().equals(now.getStatus())
                        || !c.getReason().equals(now.getReason())
                        || !c.getMessage().equals(now.getMessage()))
            .orElse(true);
    if (!changed) {
      return;
    }
    if ("True".equals(now.getStatus())) {
      events.normal(policy, now.getReason(), now.getMessage());
    } else {
      events.warning(policy, now.getReason(), now.getMessage());
    }
  }

  private Optional<Set<String>> keys(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    Set<String> keys = new HashSet<>();
    Optional.ofNullable(secret.getData()).ifPresent(d -> keys.addAll(d.keySet()));
    Optional.ofNullable(secret.getStringData()).ifPresent(d -> keys.addAll(d.keySet()));
    return Optional.of(keys);
  }

  private static Instant parse(String time) {
    return time == null ? null : Instant.parse(time);
  }

  @Override
  public DeleteControl cleanup(BackupPolicy policy, Context<BackupPolicy> ctx) {
    metrics.forgetPolicy(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }
}
