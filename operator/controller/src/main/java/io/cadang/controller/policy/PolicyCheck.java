package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What validation found: the parsed schedule (null when the cron or time zone is invalid), the spec
 * problems, and a repository problem found by the reachability probe.
 *
 * <p>Spec problems stop scheduling. An unreachable repository does not: it makes Ready False, but
 * runs are still created, because a transient S3 outage at check time must not silently stop
 * backups, and the run's Job fails loudly with the real error if the outage lasts.
 */
public record PolicyCheck(Schedule schedule, List<SpecProblem> problems) {
  public PolicyCheck {
    problems = List.copyOf(problems);
  }

  /** True when runs may be created: a schedule and no problem other than reachability. */
  public boolean schedulable() {
    return schedule != null
        && problems.stream().allMatch(p -> p.reason() == ConditionReason.REPOSITORY_UNREACHABLE);
  }

  /** True when nothing at all is wrong (Ready is True). */
  public boolean ready() {
    return schedule != null && problems.isEmpty();
  }

  /** The problem Ready reports: the first one found; all messages are joined in its message. */
  public Optional<SpecProblem> readyProblem() {
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    String all = String.join("; ", problems.stream().map(SpecProblem::message).toList());
    return Optional.of(new SpecProblem(problems.get(0).reason(), all));
  }

  public PolicyCheck with(SpecProblem extra) {
    List<SpecProblem> all = new ArrayList<>(problems);
    all.add(extra);
    return new PolicyCheck(schedule, all);
  }
}
