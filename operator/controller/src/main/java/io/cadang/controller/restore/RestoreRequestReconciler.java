package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestStatus;
import io.cadang.api.v1alpha1.RestoreSource;
import io.cadang.api.v1alpha1.StepState;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.AgentAccess;
import io.cadang.controller.jobs.BackupJobs;
import io.cadang.controller.jobs.JobOutcomes;
import io.cadang.controller.jobs.RestoreJobs;
import io.cadang.controller.metrics.BackupMetrics;
import io.cadang.controller.pitr.PhysicalBackups;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
 * Drives one RestoreRequest: resolve the backup, wait out a running backup of the same policy,
 * quiesce (record the replica counts in status first, scale down on the next pass), run the restore
 * Job once, then scale back — also after a failure — and write the terminal status. Terminal
 * requests are never touched again.
 */
@ControllerConfiguration(name = "restorerequest")
public class RestoreRequestReconciler implements Reconciler<RestoreRequest> {
  /** Between our own steps: status writes do not wake us (they leave the generation alone). */
  static final Duration NEXT_STEP = Duration.ofSeconds(1);

  static final Duration CONFLICT_RETRY = Duration.ofSeconds(5);
  static final Duration POLL_WHILE_ACTIVE = Duration.ofSeconds(20);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Clock clock;
  private final EventRecorder events;
  private final BackupMetrics metrics;
  private final DeploymentQuiescer quiescer;

  public RestoreRequestReconciler(
      KubernetesClient client,
      OperatorSettings settings,
      Clock clock,
      EventRecorder events,
      BackupMetrics metrics) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.quiescer = new DeploymentQuiescer(client);
  }

  @Override
  public List<EventSource<?, RestoreRequest>> prepareEventSources(
      EventSourceContext<RestoreRequest> ctx) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, RestoreRequest.class)
                .withLabelSelector(
                    BackupJobs.MANAGED_BY + "=cadang,app.kubernetes.io/component=restore")
                .build(),
            ctx));
  }

  @Override
  public UpdateControl<RestoreRequest> reconcile(
      RestoreRequest request, Context<RestoreRequest> ctx) {
    RestoreRequestStatus current =
        request.getStatus() == null ? new RestoreRequestStatus() : request.getStatus();
    if (current.getPhase() != null && current.getPhase().terminal()) {
      return UpdateControl.noUpdate();
    }
    RestoreTransitions t = new RestoreTransitions(request, clock.instant());
    RestoreRequestStatus next =
        decide(request, t.started(current), t, ctx.getSecondaryResource(Job.class));
    if (next.getPhase().terminal() && next.getQuiesced() != null && !next.getQuiesced().isEmpty()) {
      // Scaled back before the terminal status is written: a crash in between repeats the
      // (idempotent) scale-up from the counts still recorded in status.
      quiescer.scaleBack(namespace(request), next.getQuiesced());
      next = t.unquiesced(next);
    }
    announce(request, current, next);
    request.setStatus(next);
    UpdateControl<RestoreRequest> control =
        next.equals(current) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(request);
    if (next.getPhase().terminal()) {
      return control;
    }
    if (next.getJobName() != null) {
      return control.rescheduleAfter(POLL_WHILE_ACTIVE);
    }
    return control.rescheduleAfter(conflicting(next) ? CONFLICT_RETRY : NEXT_STEP);
  }

  private RestoreRequestStatus decide(
      RestoreRequest request,
      RestoreRequestStatus current,
      RestoreTransitions t,
      Optional<Job> job) {
    if (current.getResolvedBackupRun() == null) {
      RestoreSources.Resolution resolution = resolve(request);
      if (resolution instanceof RestoreSources.Waiting w) {
        return t.waiting(current, ConditionReason.WAITING_FOR_SYNC, w.message());
      }
      if (resolution instanceof RestoreSources.Unresolvable u) {
        return t.failed(current, u.reason(), u.message());
      }
      BackupRun found = ((RestoreSources.Found) resolution).run();
      Optional<String> kindProblem = RestoreTargets.mismatch(request.getSpec(), found);
      if (kindProblem.isPresent()) {
        return t.failed(current, ConditionReason.INVALID_SPEC, kindProblem.get());
      }
      if (request.getSpec().getTarget().getDataDirectory() != null
          && !PhysicalBackups.isPhysical(found)) {
        return t.failed(
            current,
            ConditionReason.INVALID_SPEC,
            "spec.target.dataDirectory needs a physical base backup; BackupRun '"
                + found.getMetadata().getName()
                + "' is a logical backup: restore it into a database");
      }
      if (request.getSpec().getTarget().getDatabase() != null
          && PhysicalBackups.isPhysical(found)) {
        // The data plane cannot yet hand a recovered cluster over logically (recover --handoff-*);
        // refusing here beats a Job that fails on an unknown option.
        return t.failed(
            current,
            ConditionReason.UNSUPPORTED,
            "BackupRun '"
                + found.getMetadata().getName()
                + "' is a physical base backup: recover it into spec.target.dataDirectory (a PVC"
                + " for a new server); a logical hand-off into a database is not available yet");
      }
      current = t.resolved(current, found);
    }
    if (current.getJobName() == null) {
      return prepare(request, current, t);
    }
    if (job.isEmpty()) {
      return t.failed(
          current,
          ConditionReason.JOB_FAILED,
          "Job " + current.getJobName() + " was deleted before it finished");
    }
    return t.observe(current, JobOutcomes.of(job.get(), podsOf(job.get())));
  }

  /** Everything before the Job: conflicts, quiesce, then the Job itself. */
  private RestoreRequestStatus prepare(
      RestoreRequest request, RestoreRequestStatus current, RestoreTransitions t) {
    String ns = namespace(request);
    BackupRun run =
        client
            .resources(BackupRun.class)
            .inNamespace(ns)
            .withName(current.getResolvedBackupRun())
            .get();
    if (run == null) {
      return t.failed(
          current,
          ConditionReason.BACKUP_NOT_FOUND,
          "BackupRun '"
              + current.getResolvedBackupRun()
              + "' was deleted before the restore started");
    }
    String policyName = RestoreSources.policyOf(run);
    BackupPolicy policy =
        client.resources(BackupPolicy.class).inNamespace(ns).withName(policyName).get();
    if (policy == null) {
      return t.failed(
          current,
          ConditionReason.POLICY_NOT_FOUND,
          "BackupPolicy '"
              + policyName
              + "' of BackupRun '"
              + run.getMetadata().getName()
              + "' does not exist");
    }
    Optional<BackupRun> active = RestoreConflicts.activeBackup(runs(ns), policyName);
    if (active.isPresent()) {
      return t.waiting(
          current,
          "waiting for BackupRun "
              + active.get().getMetadata().getName()
              + " of policy "
              + policyName
              + " to finish");
    }
    if (RestoreTransitions.quiesces(request)) {
      if (current.getQuiesced() == null) {
        DeploymentQuiescer.Result recorded =
            quiescer.record(ns, request.getSpec().getQuiesce().getDeployments());
        if (recorded.missing().isPresent()) {
          return t.failed(
              current,
              ConditionReason.INVALID_SPEC,
              "spec.quiesce.deployments: Deployment '"
                  + recorded.missing().get()
                  + "' does not exist");
        }
        return t.quiesceRecorded(
            current, recorded.originals()); // written before anything is scaled
      }
      if (RestoreSteps.state(current.getSteps(), RestoreSteps.QUIESCE).orElse(null)
          != StepState.SUCCEEDED) {
        quiescer.scaleDown(ns, current.getQuiesced()); // idempotent on every pass
        current = t.quiesceProgress(current, quiescer.stopping(ns, current.getQuiesced()));
        if (current.getPhase().terminal()
            || RestoreSteps.state(current.getSteps(), RestoreSteps.QUIESCE).orElse(null)
                != StepState.SUCCEEDED) {
          return current; // the application's pods are still stopping, or never stopped
        }
      }
    }
    return createJob(request, run, policy, current, t);
  }

  private RestoreRequestStatus createJob(
      RestoreRequest request,
      BackupRun run,
      BackupPolicy policy,
      RestoreRequestStatus current,
      RestoreTransitions t) {
    Optional<String> refusal = AgentAccess.refusal(client, policy, settings);
    if (refusal.isPresent()) {
      return t.failed(current, ConditionReason.AGENT_NOT_ALLOWED, refusal.get());
    }
    Job desired;
    try {
      desired = RestoreJobs.desired(request, run, policy, settings);
    } catch (RuntimeException e) {
      return t.failed(
          current, ConditionReason.INVALID_SPEC, "cannot build the restore Job: " + e.getMessage());
    }
    try {
      client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e; // transient: JOSDK retries with backoff
      }
      // 409: created by an earlier attempt whose status write was lost; adopt it.
    }
    RestoreRequestStatus next = t.jobCreated(current, desired.getMetadata().getName());
    next.setRepository(
        RestoreJobs.repository(policy, request.getSpec().getSource().getRepository()).getName());
    return next;
  }

  private RestoreSources.Resolution resolve(RestoreRequest request) {
    String ns = namespace(request);
    RestoreSource source = request.getSpec().getSource();
    BackupRun named =
        source.getBackupRun() == null
            ? null
            : client
                .resources(BackupRun.class)
                .inNamespace(ns)
                .withName(source.getBackupRun())
                .get();
    BackupPolicy policy =
        source.getPolicy() == null
            ? null
            : client
                .resources(BackupPolicy.class)
                .inNamespace(ns)
                .withName(source.getPolicy())
                .get();
    String created = request.getMetadata().getCreationTimestamp();
    return RestoreSources.awaitingSync(
        RestoreSources.resolve(
            source, named, policy, source.getPolicy() == null ? List.of() : runs(ns)),
        source,
        policy,
        created == null ? null : Instant.parse(created),
        clock.instant());
  }

  private void announce(
      RestoreRequest request, RestoreRequestStatus before, RestoreRequestStatus after) {
    if (before.getJobName() == null && after.getJobName() != null) {
      events.normal(
          request,
          "Started",
          "restoring backup "
              + after.getBackupId()
              + " (BackupRun "
              + after.getResolvedBackupRun()
              + ") with Job "
              + after.getJobName());
    }
    if (before.getPhase() == after.getPhase() || !after.getPhase().terminal()) {
      return;
    }
    boolean succeeded = after.getPhase() == io.cadang.api.v1alpha1.RestorePhase.SUCCEEDED;
    if (succeeded) {
      events.normal(
          request,
          "Succeeded",
          "restored backup " + after.getBackupId() + " in " + after.getDurationSeconds() + " s");
    } else {
      events.warning(
          request, "Failed", after.getFailureReason() + ": " + after.getFailureMessage());
    }
    RestoreMode mode =
        request.getSpec().getMode() == null ? RestoreMode.RESTORE : request.getSpec().getMode();
    metrics.restoreFinished(
        namespace(request),
        mode == RestoreMode.DRILL ? "Drill" : "Restore",
        succeeded,
        Duration.ofSeconds(after.getDurationSeconds() == null ? 0 : after.getDurationSeconds()));
  }

  private static boolean conflicting(RestoreRequestStatus status) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(
                c ->
                    ConditionReason.CONFLICTING_OPERATION.value().equals(c.getReason())
                        || ConditionReason.WAITING_FOR_SYNC.value().equals(c.getReason()));
  }

  private List<BackupRun> runs(String ns) {
    return client.resources(BackupRun.class).inNamespace(ns).list().getItems();
  }

  private List<io.fabric8.kubernetes.api.model.Pod> podsOf(Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  private static String namespace(RestoreRequest request) {
    return request.getMetadata().getNamespace();
  }
}
