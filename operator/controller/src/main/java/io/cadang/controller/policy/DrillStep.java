package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.CadangApi;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.Drills;
import io.cadang.api.v1alpha1.DrillsStatus;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestSpec;
import io.cadang.api.v1alpha1.RestoreSource;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.api.v1alpha1.ScratchTarget;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.pitr.PitrSettings;
import io.cadang.controller.schedule.InvalidScheduleException;
import io.cadang.controller.schedule.RunNames;
import io.cadang.controller.schedule.Schedule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs spec.drills for one reconcile: creates the due slot's RestoreRequest (mode Drill, the
 * policy's newest backup, the drill's target), or skips the slot while a backup or restore of the
 * policy runs, and deletes finished drills beyond {@code keep}. The RestoreRequest reconciler does
 * the drill itself; its status feeds status.drills and RTOMet.
 */
final class DrillStep {
  private final KubernetesClient client;
  private final EventRecorder events;

  DrillStep(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  /** The decision taken, empty without spec.drills or while the policy cannot be scheduled. */
  Optional<DrillSlots.Decision> run(
      BackupPolicy policy,
      PolicyCheck check,
      BackupPolicyStatus current,
      DrillRecords drills,
      boolean busy,
      Instant now) {
    Drills spec = policy.getSpec().getDrills();
    if (spec == null || !check.schedulable()) {
      return Optional.empty();
    }
    Schedule schedule;
    try {
      schedule = Schedule.parse(spec.getSchedule(), policy.getSpec().getTimeZone());
    } catch (InvalidScheduleException e) {
      return Optional.empty(); // the validator reports it
    }
    Instant last =
        current.getDrills() != null && current.getDrills().getLastScheduleTime() != null
            ? Instant.parse(current.getDrills().getLastScheduleTime())
            : Instant.parse(policy.getMetadata().getCreationTimestamp());
    DrillSlots.Decision decision = DrillSlots.decide(spec, schedule, last, now, busy);
    if (decision instanceof DrillSlots.Decision.Create c) {
      create(policy, c.slot());
    } else if (decision instanceof DrillSlots.Decision.Skip s) {
      events.warning(
          policy,
          "DrillSkipped",
          "drill slot "
              + s.slot()
              + " skipped: a backup or restore of this policy is running; next slot "
              + s.next().map(Instant::toString).orElse("none"));
    }
    int keep = spec.getKeep() == null ? 5 : spec.getKeep();
    for (RestoreRequest old : drills.prunable(keep)) {
      client.resource(old).delete();
    }
    return Optional.of(decision);
  }

  /** status.drills from the decision and the drills seen. */
  static DrillsStatus status(
      BackupPolicyStatus current, Optional<DrillSlots.Decision> decision, DrillRecords drills) {
    DrillsStatus previous = current.getDrills();
    DrillsStatus next = new DrillsStatus();
    next.setLastScheduleTime(previous == null ? null : previous.getLastScheduleTime());
    next.setLastSkippedSlot(previous == null ? null : previous.getLastSkippedSlot());
    decision.ifPresent(
        d -> {
          d.handled().ifPresent(slot -> next.setLastScheduleTime(slot.toString()));
          if (d instanceof DrillSlots.Decision.Skip s) {
            next.setLastSkippedSlot(s.slot().toString());
          }
          next.setNextScheduleTime(d.next().map(Instant::toString).orElse(null));
        });
    drills
        .newestFinished()
        .ifPresent(
            r -> {
              next.setLastDrill(r.getMetadata().getName());
              next.setLastResult(
                  r.getStatus().getPhase() == io.cadang.api.v1alpha1.RestorePhase.SUCCEEDED
                      ? "Succeeded"
                      : "Failed");
            });
    // The measured RTO comes from a drill that proved something: the newest successful one.
    drills
        .newestSucceeded()
        .ifPresent(
            r -> {
              next.setLastSuccessTime(r.getStatus().getCompletionTime());
              next.setLastDurationSeconds(r.getStatus().getDurationSeconds());
              next.setLastVerification(verifiedMessage(r));
              next.setLastPhases(r.getStatus().getPhases());
            });
    boolean empty =
        next.getLastScheduleTime() == null
            && next.getNextScheduleTime() == null
            && next.getLastDrill() == null;
    return empty ? null : next;
  }

  /**
   * The policy's newest backup; with pitr, recovered to the latest point the WAL archive holds, so
   * a drill proves the archive as well as the base backup.
   */
  static RestoreSource source(BackupPolicy policy) {
    RestoreSource source = new RestoreSource();
    source.setPolicy(policy.getMetadata().getName());
    if (PitrSettings.of(policy).enabled()) {
      PointInTime latest = new PointInTime();
      latest.setLatest(true);
      source.setPointInTime(latest);
    }
    return source;
  }

  /** The drill's target, by default a throwaway server in the drill Job's own pod. */
  static RestoreTarget target(Drills spec) {
    if (spec.getTarget() != null) {
      return spec.getTarget();
    }
    RestoreTarget scratch = new RestoreTarget();
    scratch.setScratch(new ScratchTarget());
    return scratch;
  }

  /** What the drill's Verified condition says it proved, or null when it verified nothing. */
  private static String verifiedMessage(RestoreRequest drill) {
    return drill.getStatus().getConditions() == null
        ? null
        : drill.getStatus().getConditions().stream()
            .filter(
                c ->
                    ConditionType.VERIFIED.value().equals(c.getType())
                        && "True".equals(c.getStatus()))
            .map(Condition::getMessage)
            .findFirst()
            .orElse(null);
  }

  /** The slot's drill; one already there (a retry, a restart) is adopted, not duplicated. */
  private void create(BackupPolicy policy, Instant slot) {
    String name = RunNames.forSlot(policy.getMetadata().getName() + "-drill", slot);
    Drills spec = policy.getSpec().getDrills();
    RestoreRequestSpec drill = new RestoreRequestSpec();
    drill.setSource(source(policy));
    drill.setTarget(target(spec));
    drill.setMode(RestoreMode.DRILL);
    drill.setVerify(true);
    RestoreRequest request = new RestoreRequest();
    request.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(policy.getMetadata().getNamespace())
            .withLabels(Map.of(CadangApi.DRILL_OF_LABEL, policy.getMetadata().getName()))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(policy.getMetadata().getName())
                    .withUid(policy.getMetadata().getUid())
                    .build())
            .build());
    request.setSpec(drill);
    try {
      client.resource(request).create();
      events.normal(policy, "DrillCreated", "created drill RestoreRequest " + name);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e; // transient: JOSDK retries with backoff
      }
    }
  }
}
