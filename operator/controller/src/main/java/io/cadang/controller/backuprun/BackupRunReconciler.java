package io.cadang.controller.backuprun;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.AgentAccess;
import io.cadang.controller.jobs.AgentResult;
import io.cadang.controller.jobs.BackupJobs;
import io.cadang.controller.jobs.JobOutcome;
import io.cadang.controller.jobs.JobOutcomes;
import io.cadang.controller.metrics.BackupMetrics;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.snapshots.SnapshotApi;
import io.cadang.controller.sync.ImportedRuns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
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
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Drives one BackupRun through {@code Pending → Running → Succeeded | Failed}: observe the run's
 * Job and pod, decide the next status with {@link BackupRunTransitions}, act (create the Job once),
 * write status. Terminal runs and imported runs are never touched again. Deleting a run removes its
 * objects from the repositories first ({@link BackupRunCleaner}, behind a finalizer) only when
 * {@link DataDeletion} says the data goes.
 */
@ControllerConfiguration(name = "backuprun")
public class BackupRunReconciler implements Reconciler<BackupRun>, Cleaner<BackupRun> {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(BackupRunReconciler.class);

  /** Pod states (image pulls) do not wake us through the Job informer; look again this often. */
  static final Duration POLL_WHILE_ACTIVE = Duration.ofSeconds(20);

  /** A replica that could not delete a backup is tried again this often. */
  /** A lock or delay ending in the past or this second is checked again no sooner than this. */
  static final Duration MIN_CLEANUP_WAIT = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Clock clock;
  private final EventRecorder events;
  private final BackupMetrics metrics;
  private final BackupRunCleaner cleaner;
  private final VolumeSnapshotRuns snapshots;
  private final ReplicaCatchUp catchUp;

  public BackupRunReconciler(
      KubernetesClient client,
      OperatorSettings settings,
      Clock clock,
      EventRecorder events,
      BackupMetrics metrics,
      BackupRunCleaner cleaner) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.cleaner = cleaner;
    this.snapshots = new VolumeSnapshotRuns(client, new SnapshotApi(client));
    this.catchUp = new ReplicaCatchUp(client);
  }

  @Override
  public List<EventSource<?, BackupRun>> prepareEventSources(EventSourceContext<BackupRun> ctx) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, BackupRun.class)
                .withLabelSelector(
                    BackupJobs.MANAGED_BY + "=cadang,app.kubernetes.io/component=backup")
                .build(),
            ctx));
  }

  @Override
  public UpdateControl<BackupRun> reconcile(BackupRun run, Context<BackupRun> ctx) {
    BackupRunStatus current = run.getStatus() == null ? new BackupRunStatus() : run.getStatus();
    if (current.getPhase() != null && current.getPhase().terminal()) {
      return UpdateControl.noUpdate();
    }
    if (ImportedRuns.isImported(run)) {
      // Found in a repository: the sync writes its status from the manifest; no Job, ever.
      return UpdateControl.noUpdate();
    }
    BackupPolicy policy = policyOf(run);
    BackupRunTransitions transitions =
        new BackupRunTransitions(run, primaryName(policy), clock.instant());
    BackupRunStatus next;
    AgentResult result = null;
    Optional<Job> job = ctx.getSecondaryResource(Job.class);
    if (policy == null) {
      next =
          transitions.failed(
              current,
              ConditionReason.POLICY_NOT_FOUND,
              "BackupPolicy '"
                  + run.getSpec().getPolicyRef().getName()
                  + "' does not exist in namespace "
                  + run.getMetadata().getNamespace());
    } else if (policy.getSpec().getSource() != null
        && policy.getSpec().getSource().getVolumeSnapshots() != null) {
      next = snapshots.reconcile(run, policy, transitions, current);
    } else if (job.isEmpty() && current.getJobName() == null) {
      next = createJob(run, policy, transitions, current);
    } else if (job.isEmpty()) {
      next =
          transitions.failed(
              current,
              ConditionReason.JOB_FAILED,
              "Job " + current.getJobName() + " was deleted before it finished");
    } else {
      JobOutcome outcome = JobOutcomes.of(job.get(), podsOf(job.get()));
      if (outcome instanceof JobOutcome.Succeeded s) {
        result = s.result();
      }
      next = transitions.observe(current, outcome);
    }
    announce(run, policy, current, next);
    if (next.getPhase() == BackupRunPhase.SUCCEEDED && current.getPhase() != next.getPhase()) {
      catchUp.apply(run, result);
    }
    run.setStatus(next);
    UpdateControl<BackupRun> control =
        next.equals(current) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(run);
    if (next.getPhase().terminal()) {
      return control;
    }
    return control.rescheduleAfter(
        BackupRunTransitions.VOLUME_SNAPSHOTS.equals(next.getKind())
            ? VolumeSnapshotRuns.POLL
            : POLL_WHILE_ACTIVE);
  }

  /** The policy's ObjectLockUnavailable problem, as its Ready condition last reported it. */
  private static Optional<String> objectLockUnavailable(BackupPolicy policy) {
    if (policy.getStatus() == null) {
      return Optional.empty();
    }
    return io.cadang.controller.status.Conditions.find(
            policy.getStatus().getConditions(), io.cadang.api.v1alpha1.ConditionType.READY)
        .filter(c -> "False".equals(c.getStatus()))
        .filter(c -> ConditionReason.OBJECT_LOCK_UNAVAILABLE.value().equals(c.getReason()))
        .map(c -> "BackupPolicy is not Ready: " + c.getMessage());
  }

  private BackupRunStatus createJob(
      BackupRun run,
      BackupPolicy policy,
      BackupRunTransitions transitions,
      BackupRunStatus current) {
    Optional<String> refusal = AgentAccess.refusal(client, policy, settings);
    if (refusal.isPresent()) {
      return transitions.failed(current, ConditionReason.AGENT_NOT_ALLOWED, refusal.get());
    }
    Optional<String> noLock = objectLockUnavailable(policy);
    if (noLock.isPresent()) {
      // Every object would be written unlocked (or refused half-way, leaving orphans behind): a
      // manual run fails like a scheduled slot is never created, before any Job.
      return transitions.failed(current, ConditionReason.OBJECT_LOCK_UNAVAILABLE, noLock.get());
    }
    Job desired;
    try {
      desired = BackupJobs.desired(run, policy, settings);
    } catch (RuntimeException e) {
      return transitions.failed(
          current,
          ConditionReason.INVALID_SPEC,
          "cannot build the backup Job from BackupPolicy '"
              + policy.getMetadata().getName()
              + "': "
              + e.getMessage());
    }
    try {
      client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e; // transient: JOSDK retries with backoff
      }
      // 409: created by an earlier attempt whose status write was lost; adopt it.
    }
    return transitions.jobCreated(current, desired.getMetadata().getName());
  }

  private void announce(
      BackupRun run, BackupPolicy policy, BackupRunStatus before, BackupRunStatus after) {
    if (before.getPhase() == after.getPhase()) {
      return;
    }
    String policyName = run.getSpec().getPolicyRef().getName();
    switch (after.getPhase()) {
      case PENDING -> events.normal(run, "Started", "created Job " + after.getJobName());
      case RUNNING ->
          events.normal(
              run,
              "Running",
              after.getVolumeSnapshots() != null
                  ? "created "
                      + after.getVolumeSnapshots().size()
                      + " VolumeSnapshot(s), waiting for readyToUse"
                  : "agent pod is running");
      case SUCCEEDED -> {
        warnAboutSideEffects(run, after);
        events.normal(
            run,
            "Succeeded",
            after.getVolumeSnapshots() != null
                ? after.getVolumeSnapshots().size()
                    + " VolumeSnapshot(s) ready to use after "
                    + after.getDurationSeconds()
                    + " s"
                : "backup "
                    + after.getBackupId()
                    + " stored "
                    + after.getStoredBytes()
                    + " bytes in "
                    + after.getDurationSeconds()
                    + " s");
        metrics.backupFinished(
            run.getMetadata().getNamespace(),
            policyName,
            true,
            clock.instant(),
            Duration.ofSeconds(nz(after.getDurationSeconds())),
            nz(after.getStoredBytes()));
      }
      case FAILED -> {
        events.warning(run, "Failed", after.getFailureReason() + ": " + after.getFailureMessage());
        metrics.backupFinished(
            run.getMetadata().getNamespace(),
            policyName,
            false,
            clock.instant(),
            Duration.ofSeconds(nz(after.getDurationSeconds())),
            0);
      }
    }
  }

  /**
   * Things that did not fail the backup but need a human: a backup log row not written, a replica
   * copy that failed (both also in status).
   */
  private void warnAboutSideEffects(BackupRun run, BackupRunStatus after) {
    if (after.getBackupLog() != null && !Boolean.TRUE.equals(after.getBackupLog().getWritten())) {
      events.warning(
          run,
          "BackupLogFailed",
          "the backup succeeded but its backup log row was not written: "
              + after.getBackupLog().getMessage());
    }
    if (after.getReplication() != null) {
      after.getReplication().stream()
          .filter(r -> r.getState() == io.cadang.api.v1alpha1.ReplicationState.FAILED)
          .forEach(
              r ->
                  events.warning(
                      run,
                      "ReplicationFailed",
                      "copy to replica repository '"
                          + r.getRepository()
                          + "' failed (retried by the next run): "
                          + r.getMessage()));
    }
  }

  @Override
  public DeleteControl cleanup(BackupRun run, Context<BackupRun> ctx) {
    if (run.getStatus() == null || run.getStatus().getBackupId() == null) {
      return DeleteControl.defaultDelete(); // nothing stored: a failed backup cleans up itself
    }
    BackupPolicy policy = policyOf(run);
    DataDeletion decision = DataDeletion.of(run, policy);
    if (!decision.delete()) {
      events.normal(run, "ObjectsKept", decision.why());
      return DeleteControl.defaultDelete();
    }
    LOG.info("BackupRun {}: {}", run.getMetadata().getName(), decision.why());
    Instant now = clock.instant();
    BackupRunCleaner.Progress progress = cleaner.deleteObjects(run, policy, now);
    if (!progress.done()) {
      // Keep the finalizer: the run is the record of the copies still held (and until when), and
      // while it exists the repository sync does not import them again.
      events.normal(run, "DataDeletionPending", progress.why());
      Duration wait = Duration.between(now, progress.retryAt());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(wait.compareTo(MIN_CLEANUP_WAIT) < 0 ? MIN_CLEANUP_WAIT : wait);
    }
    return DeleteControl.defaultDelete();
  }

  private BackupPolicy policyOf(BackupRun run) {
    return client
        .resources(BackupPolicy.class)
        .inNamespace(run.getMetadata().getNamespace())
        .withName(run.getSpec().getPolicyRef().getName())
        .get();
  }

  private List<Pod> podsOf(Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  private static String primaryName(BackupPolicy policy) {
    if (policy == null
        || policy.getSpec() == null
        || policy.getSpec().getStorage() == null
        || policy.getSpec().getStorage().getPrimary() == null) {
      return "primary";
    }
    return policy.getSpec().getStorage().getPrimary().getName();
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }
}
