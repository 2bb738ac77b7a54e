package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.ConditionReason;

/** Where an agent Job stands, read from the Job and its pod. */
public sealed interface JobOutcome {

  /** Created, pod not running yet; {@code waiting} explains a pod stuck (e.g. image pull). */
  record Pending(String waiting) implements JobOutcome {}

  record Running() implements JobOutcome {}

  /** Finished; {@code result} is the agent's report when it wrote one. */
  record Succeeded(AgentResult result) implements JobOutcome {}

  /**
   * Failed, with the most telling cause found; {@code result} is the agent's report when it wrote
   * one although it failed (a restore whose row counts differ exits 3 with its full report).
   */
  record Failed(ConditionReason reason, String message, AgentResult result) implements JobOutcome {
    public Failed(ConditionReason reason, String message) {
      this(reason, message, null);
    }
  }
}
