package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.RestoreStep;
import io.cadang.api.v1alpha1.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The steps of a restore in status, in order; each change returns a new list. */
final class RestoreSteps {
  static final String RESOLVE = "Resolve";
  static final String QUIESCE = "Quiesce";
  static final String RESTORE = "Restore";
  static final String VERIFY = "Verify";
  static final String UNQUIESCE = "Unquiesce";

  private RestoreSteps() {}

  static List<RestoreStep> initial(boolean quiesce, boolean verify, Instant now) {
    List<RestoreStep> steps = new ArrayList<>();
    steps.add(step(RESOLVE, StepState.PENDING));
    steps.add(step(QUIESCE, quiesce ? StepState.PENDING : StepState.SKIPPED));
    steps.add(step(RESTORE, StepState.PENDING));
    steps.add(step(VERIFY, verify ? StepState.PENDING : StepState.SKIPPED));
    steps.add(step(UNQUIESCE, quiesce ? StepState.PENDING : StepState.SKIPPED));
    return with(steps, RESOLVE, StepState.RUNNING, null, now);
  }

  /** Sets a step's state; times are stamped when it starts and when it finishes. */
  static List<RestoreStep> with(
      List<RestoreStep> steps, String name, StepState state, String message, Instant now) {
    List<RestoreStep> next = new ArrayList<>();
    for (RestoreStep s : steps) {
      if (!s.getName().equals(name)
          || (s.getState() == state && (message == null || message.equals(s.getMessage())))) {
        next.add(s);
        continue;
      }
      RestoreStep changed = copy(s);
      changed.setState(state);
      if (message != null) {
        changed.setMessage(message);
      }
      if (state != StepState.PENDING && state != StepState.SKIPPED && s.getStartedAt() == null) {
        changed.setStartedAt(now.toString());
      }
      if (state == StepState.SUCCEEDED || state == StepState.FAILED) {
        changed.setFinishedAt(now.toString());
      }
      next.add(changed);
    }
    return next;
  }

  static Optional<String> startedAt(List<RestoreStep> steps, String name) {
    return steps == null
        ? Optional.empty()
        : steps.stream()
            .filter(s -> s.getName().equals(name))
            .map(RestoreStep::getStartedAt)
            .filter(java.util.Objects::nonNull)
            .findFirst();
  }

  static Optional<StepState> state(List<RestoreStep> steps, String name) {
    return steps == null
        ? Optional.empty()
        : steps.stream()
            .filter(s -> s.getName().equals(name))
            .map(RestoreStep::getState)
            .findFirst();
  }

  /**
   * On failure: what was running failed; what never started is skipped (cleanup steps excepted).
   */
  static List<RestoreStep> abandon(
      List<RestoreStep> steps, String message, Instant now, boolean keepUnquiesce) {
    List<RestoreStep> next = steps;
    for (RestoreStep s : steps) {
      if (s.getState() == StepState.RUNNING) {
        next = with(next, s.getName(), StepState.FAILED, message, now);
      } else if (s.getState() == StepState.PENDING
          && !(keepUnquiesce && UNQUIESCE.equals(s.getName()))) {
        next = with(next, s.getName(), StepState.SKIPPED, null, now);
      }
    }
    return next;
  }

  private static RestoreStep step(String name, StepState state) {
    RestoreStep s = new RestoreStep();
    s.setName(name);
    s.setState(state);
    return s;
  }

  private static RestoreStep copy(RestoreStep s) {
    RestoreStep c = step(s.getName(), s.getState());
    c.setStartedAt(s.getStartedAt());
    c.setFinishedAt(s.getFinishedAt());
    c.setMessage(s.getMessage());
    return c;
  }
}
