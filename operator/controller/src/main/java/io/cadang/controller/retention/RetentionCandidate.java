package io.cadang.controller.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A run as retention sees it.
 *
 * @param name the run's name
 * @param takenAt when the backup was taken (its scheduled slot, or its start for a manual run);
 *     calendar buckets use it, read in the policy's time zone
 * @param outcome whether the run succeeded, failed or is still going
 * @param inUse whether an active RestoreRequest reads from it
 */
public record RetentionCandidate(String name, Instant takenAt, Outcome outcome, boolean inUse) {
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    /** Pending or running: never deleted, its objects may be half written. */
    UNFINISHED
  }

  public RetentionCandidate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(takenAt, "takenAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
