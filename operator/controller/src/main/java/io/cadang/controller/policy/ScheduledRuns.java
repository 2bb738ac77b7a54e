package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunSpec;
import io.cadang.api.v1alpha1.BackupTrigger;
import io.cadang.api.v1alpha1.PolicyReference;
import io.cadang.controller.jobs.BackupJobs;
import io.cadang.controller.schedule.RunNames;
import io.cadang.controller.schedule.Schedule;
import io.cadang.controller.schedule.ScheduleDecider;
import io.cadang.controller.schedule.SlotDecision;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Instant;

/** The schedule decision for a policy and the BackupRun a slot creates. Pure. */
public final class ScheduledRuns {
  /** Label on the runs a policy creates; manual runs are matched by spec.policyRef instead. */
  public static final String POLICY_LABEL = "cadang.io/policy";

  private ScheduledRuns() {}

  /**
   * Decides the slot from the stored last schedule time only. One correction on top of {@link
   * ScheduleDecider}: if the "unfinished previous run" is the very run of the due slot, an earlier
   * reconcile created it but its status write (lastScheduleTime) was lost; that slot is adopted,
   * not reported as skipped.
   */
  public static SlotDecision decide(
      BackupPolicy policy, Schedule schedule, PolicyRuns runs, Instant now, boolean restoreActive) {
    var status = policy.getStatus();
    String last = status == null ? null : status.getLastScheduleTime();
    String created = policy.getMetadata().getCreationTimestamp();
    SlotDecision decision =
        ScheduleDecider.decide(
            schedule,
            now,
            last == null ? null : Instant.parse(last),
            created == null ? now : Instant.parse(created),
            Boolean.TRUE.equals(policy.getSpec().getSuspend()),
            // A dump taken while a restore rewrites the database would capture half a restore.
            runs.active().isPresent() || restoreActive);
    if (decision instanceof SlotDecision.SkipBusy s
        && !restoreActive
        && runs.contains(RunNames.forSlot(policy.getMetadata().getName(), s.slot()))) {
      return new SlotDecision.RunNow(s.slot(), s.nextSlot());
    }
    return decision;
  }

  /** The run for {@code slot}: deterministic name, owned by the policy so it goes with it. */
  public static BackupRun desired(BackupPolicy policy, Instant slot) {
    String name = policy.getMetadata().getName();
    BackupRunSpec spec = new BackupRunSpec();
    PolicyReference ref = new PolicyReference();
    ref.setName(name);
    spec.setPolicyRef(ref);
    spec.setTrigger(BackupTrigger.SCHEDULED);
    spec.setScheduledTime(slot.toString());
    BackupRun run = new BackupRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(RunNames.forSlot(name, slot))
            .withNamespace(policy.getMetadata().getNamespace())
            .addToLabels(POLICY_LABEL, name)
            .addToLabels(BackupJobs.MANAGED_BY, "cadang")
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(name)
                    .withUid(policy.getMetadata().getUid())
                    .withController(true)
                    .build())
            .build());
    run.setSpec(spec);
    return run;
  }
}
