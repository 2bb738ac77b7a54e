package io.cadang.controller.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * What a policy's reconcile should do about its schedule now. Schedules keep no memory besides the
 * last schedule time: a decision that {@link #handledSlot() handles a slot} must be stored as the
 * new last schedule time, so the same slot is never decided twice.
 */
public sealed interface SlotDecision {

  /** The slot to record as the last schedule time, if this decision consumed one. */
  Optional<Instant> handledSlot();

  /** When to reconcile again for the schedule's sake; empty while suspended. */
  Optional<Instant> requeueAt();

  /** Create the run for {@code slot} (or adopt it if it already exists). */
  record RunNow(Instant slot, Instant nextSlot) implements SlotDecision {
    @Override
    public Optional<Instant> handledSlot() {
      return Optional.of(slot);
    }

    @Override
    public Optional<Instant> requeueAt() {
      return Optional.of(nextSlot);
    }
  }

  /** Nothing is due; the next slot is {@code nextSlot}. */
  record Wait(Instant nextSlot) implements SlotDecision {
    @Override
    public Optional<Instant> handledSlot() {
      return Optional.empty();
    }

    @Override
    public Optional<Instant> requeueAt() {
      return Optional.of(nextSlot);
    }
  }

  /**
   * {@code slot} is due but the previous run is unfinished, so the slot is skipped (not queued):
   * two backups of one database at once would compete for I/O and the newer one would only
   * duplicate the older. The status should say so.
   */
  record SkipBusy(Instant slot, Instant nextSlot) implements SlotDecision {
    @Override
    public Optional<Instant> handledSlot() {
      return Optional.of(slot);
    }

    @Override
    public Optional<Instant> requeueAt() {
      return Optional.of(nextSlot);
    }
  }

  /**
   * {@code slot} was missed by more than the starting deadline (the operator was down or the policy
   * suspended), so it is skipped rather than started at a surprising hour. The status should say
   * so.
   */
  record SkipLate(Instant slot, Instant nextSlot) implements SlotDecision {
    @Override
    public Optional<Instant> handledSlot() {
      return Optional.of(slot);
    }

    @Override
    public Optional<Instant> requeueAt() {
      return Optional.of(nextSlot);
    }
  }

  /** The policy is suspended: no runs, no requeue; a spec change wakes the reconciler. */
  record Suspended() implements SlotDecision {
    @Override
    public Optional<Instant> handledSlot() {
      return Optional.empty();
    }

    @Override
    public Optional<Instant> requeueAt() {
      return Optional.empty();
    }
  }
}
