package io.cadang.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Phase of a BackupRun: a one-shot state machine, {@code Pending → Running → Succeeded | Failed}.
 * Terminal phases never change, so a finished BackupRun stays as it is (and GitOps diffs stay
 * quiet).
 */
public enum BackupRunPhase {
  /**
   * Accepted, the Job not yet running. Next: {@link #RUNNING}, or {@link #FAILED} when the backup
   * cannot start (invalid spec, missing Secret, Job never scheduled).
   */
  @JsonProperty("Pending")
  PENDING,
  /** The Job's pod is running. Next: {@link #SUCCEEDED} or {@link #FAILED}. */
  @JsonProperty("Running")
  RUNNING,
  /** Finished and durable. Terminal: no next phase. */
  @JsonProperty("Succeeded")
  SUCCEEDED,
  /** Finished without result; status says why. Terminal: no next phase. */
  @JsonProperty("Failed")
  FAILED;

  /** Whether this phase is final: the reconciler returns at once and never changes it again. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }

  /**
   * Whether {@code next} can follow this phase through allowed steps. A reconciler observes
   * snapshots: a quick Job can go from pending to finished between two looks, so Pending reaches
   * Succeeded (through Running) even though it cannot move there directly.
   */
  public boolean canReach(BackupRunPhase next) {
    return canMoveTo(next) || (canMoveTo(RUNNING) && RUNNING.canMoveTo(next));
  }

  /** Whether {@code next} may follow this phase (staying in the same phase is always allowed). */
  public boolean canMoveTo(BackupRunPhase next) {
    if (next == this) {
      return true;
    }
    switch (this) {
      case PENDING:
        return next == RUNNING || next == FAILED;
      case RUNNING:
        return next == SUCCEEDED || next == FAILED;
      default:
        return false;
    }
  }
}
