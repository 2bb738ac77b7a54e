package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.Drills;
import io.cadang.controller.schedule.Schedule;
import java.time.Instant;
import java.util.Optional;

/**
 * When a policy's next drill is due, as a pure function of the drill schedule, the last slot
 * handled and the clock: like backup slots, missed slots collapse into the newest one, and a slot
 * that comes while a backup or a restore of the policy runs is skipped, not doubled or queued.
 */
public final class DrillSlots {
  private DrillSlots() {}

  /** What to do now. */
  public sealed interface Decision {
    /** Create the drill of {@code slot}. */
    record Create(Instant slot, Optional<Instant> next) implements Decision {}

    /** Skip {@code slot}: something of the policy is running. */
    record Skip(Instant slot, Optional<Instant> next) implements Decision {}

    /** Nothing due before {@code next}. */
    record Wait(Optional<Instant> next) implements Decision {}

    /** spec.drills.suspend. */
    record Suspended() implements Decision {
      @Override
      public Optional<Instant> next() {
        return Optional.empty();
      }
    }

    Optional<Instant> next();

    /** The slot this decision handled, for status.drills.lastScheduleTime. */
    default Optional<Instant> handled() {
      if (this instanceof Create c) {
        return Optional.of(c.slot());
      }
      if (this instanceof Skip s) {
        return Optional.of(s.slot());
      }
      return Optional.empty();
    }
  }

  /**
   * @param lastHandled status.drills.lastScheduleTime, or the policy's creation time
   * @param busy a backup or restore of the policy is running
   */
  public static Decision decide(
      Drills drills, Schedule schedule, Instant lastHandled, Instant now, boolean busy) {
    if (Boolean.TRUE.equals(drills.getSuspend())) {
      return new Decision.Suspended();
    }
    Optional<Instant> due = schedule.dueSlot(lastHandled, now);
    if (due.isEmpty()) {
      return new Decision.Wait(schedule.nextAfter(lastHandled.isAfter(now) ? lastHandled : now));
    }
    Optional<Instant> next = schedule.nextAfter(due.get());
    return busy ? new Decision.Skip(due.get(), next) : new Decision.Create(due.get(), next);
  }
}
