package io.cadang.controller.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides, from the schedule and a handful of observed facts, whether a slot runs now. Pure: the
 * reconciler passes {@code now} from its injected clock, so a restart or a retry decides the same.
 *
 * <p>Starting deadline: a due slot older than the deadline is skipped, not run late. The default,
 * one hour, lets a restarted or briefly unavailable operator catch up on the slot it just missed,
 * but does not start the 02:00 backup at 14:00 under production load; the next slot runs as usual.
 * Callers may pass another deadline (a per-policy setting, like a CronJob's).
 */
public final class ScheduleDecider {
  public static final Duration DEFAULT_STARTING_DEADLINE = Duration.ofHours(1);

  private ScheduleDecider() {}

  /** {@link #decide(Schedule, Instant, Instant, Instant, boolean, boolean, Duration)} with 1h. */
  public static SlotDecision decide(
      Schedule schedule,
      Instant now,
      Instant lastScheduleTime,
      Instant createdAt,
      boolean suspended,
      boolean previousRunUnfinished) {
    return decide(
        schedule,
        now,
        lastScheduleTime,
        createdAt,
        suspended,
        previousRunUnfinished,
        DEFAULT_STARTING_DEADLINE);
  }

  /**
   * @param lastScheduleTime the last slot handled, or null when the policy never scheduled
   * @param createdAt the policy's creation time: a new policy starts from here, not the epoch
   * @param startingDeadline how late a due slot may still start
   */
  public static SlotDecision decide(
      Schedule schedule,
      Instant now,
      Instant lastScheduleTime,
      Instant createdAt,
      boolean suspended,
      boolean previousRunUnfinished,
      Duration startingDeadline) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(createdAt, "createdAt");
    if (suspended) {
      return new SlotDecision.Suspended();
    }
    Instant after = lastScheduleTime != null ? lastScheduleTime : createdAt;
    var due = schedule.dueSlot(after, now);
    if (due.isEmpty()) {
      // A last schedule time in the future (the clock stepped back) must not repeat its slot.
      Instant from = after.isAfter(now) ? after : now;
      return new SlotDecision.Wait(next(schedule, from));
    }
    Instant slot = due.get();
    Instant nextSlot = next(schedule, now);
    // Lateness is checked first: a late slot is skipped whatever the previous run is doing.
    if (Duration.between(slot, now).compareTo(startingDeadline) > 0) {
      return new SlotDecision.SkipLate(slot, nextSlot);
    }
    if (previousRunUnfinished) {
      return new SlotDecision.SkipBusy(slot, nextSlot);
    }
    return new SlotDecision.RunNow(slot, nextSlot);
  }

  private static Instant next(Schedule schedule, Instant after) {
    // Parsing refuses schedules that never fire, so this only fails on a programming error.
    return schedule
        .nextAfter(after)
        .orElseThrow(
            () ->
                new IllegalStateException("schedule " + schedule + " has no slot after " + after));
  }
}
