package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.Objectives;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.ShortDuration;
import io.cadang.controller.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * RPOMet and RTOMet from what the status already measured, as a pure function. The RPO is what a
 * loss now would cost: with a WAL archive its lag, else the age of the newest successful backup.
 * The RTO is proven only by a drill: the newest finished drill's time from start to verified.
 */
public final class ObjectiveConditions {
  private ObjectiveConditions() {}

  /** The measured RPO now, if anything measures it. */
  public static Optional<Duration> measuredRpo(BackupPolicyStatus status, Instant now) {
    if (status.getWalArchive() != null && status.getWalArchive().getLagSeconds() != null) {
      return Optional.of(Duration.ofSeconds(status.getWalArchive().getLagSeconds()));
    }
    if (status.getLastSuccessTime() != null) {
      return Optional.of(Duration.between(Instant.parse(status.getLastSuccessTime()), now));
    }
    return Optional.empty();
  }

  public static List<Condition> apply(
      List<Condition> conditions,
      Objectives objectives,
      BackupPolicyStatus status,
      Optional<RestoreRequest> newestDrill,
      Long generation,
      Instant now) {
    List<Condition> out = conditions;
    Optional<Duration> rpo =
        objectives == null ? Optional.empty() : ShortDuration.parse(objectives.getRpo());
    Optional<Duration> rto =
        objectives == null ? Optional.empty() : ShortDuration.parse(objectives.getRto());
    out =
        rpo.isPresent()
            ? rpoMet(out, rpo.get(), status, generation, now)
            : Conditions.without(out, ConditionType.RPO_MET);
    out =
        rto.isPresent()
            ? rtoMet(out, rto.get(), newestDrill, generation, now)
            : Conditions.without(out, ConditionType.RTO_MET);
    return out;
  }

  private static List<Condition> rpoMet(
      List<Condition> c, Duration objective, BackupPolicyStatus status, Long gen, Instant now) {
    ConditionType type = ConditionType.RPO_MET;
    Optional<Duration> measured = measuredRpo(status, now);
    boolean wal = status.getWalArchive() != null && status.getWalArchive().getLagSeconds() != null;
    if (measured.isEmpty()) {
      return Conditions.with(
          c,
          type,
          false,
          ConditionReason.NOTHING_TO_MEASURE,
          "no successful backup and no WAL archive report yet: nothing would be recoverable",
          gen,
          now);
    }
    boolean met = measured.get().compareTo(objective) <= 0;
    // The backup's time, not its growing age, so the message (and the status) stays unchanged
    // between backups instead of being rewritten on every reconcile.
    String what =
        wal
            ? "the WAL archive's lag of " + human(measured.get())
            : "the newest successful backup (" + status.getLastSuccessTime() + ")";
    return Conditions.with(
        c,
        type,
        met,
        met ? ConditionReason.OBJECTIVE_MET : ConditionReason.ABOVE_OBJECTIVE,
        what
            + (met ? " is within" : wal ? " is above" : " is older than")
            + " the RPO objective of "
            + human(objective)
            + (met || wal ? "" : "; without pitr the RPO is as long as the schedule interval"),
        gen,
        now);
  }

  private static List<Condition> rtoMet(
      List<Condition> c,
      Duration objective,
      Optional<RestoreRequest> newest,
      Long gen,
      Instant now) {
    ConditionType type = ConditionType.RTO_MET;
    if (newest.isEmpty()) {
      return Conditions.with(
          c,
          type,
          false,
          ConditionReason.NO_DRILL_YET,
          "no drill of this policy has finished: the RTO of " + human(objective) + " is unproven",
          gen,
          now);
    }
    RestoreRequest drill = newest.get();
    String name = drill.getMetadata().getName();
    if (drill.getStatus().getPhase() != RestorePhase.SUCCEEDED) {
      return Conditions.with(
          c,
          type,
          false,
          ConditionReason.DRILL_FAILED,
          "the newest drill " + name + " failed: no restore time is proven",
          gen,
          now);
    }
    Long seconds = drill.getStatus().getDurationSeconds();
    Duration measured = Duration.ofSeconds(seconds == null ? 0 : seconds);
    boolean met = measured.compareTo(objective) <= 0;
    return Conditions.with(
        c,
        type,
        met,
        met ? ConditionReason.OBJECTIVE_MET : ConditionReason.ABOVE_OBJECTIVE,
        "drill "
            + name
            + " restored and verified in "
            + human(measured)
            + (met ? ", within" : ", above")
            + " the RTO objective of "
            + human(objective),
        gen,
        now);
  }

  /** 95 s → "1m35s"; 7200 s → "2h0m0s". */
  static String human(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60) + "s";
    }
    return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
  }
}
