package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.controller.schedule.SlotDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a policy is reconciled again without an event: at its next slot, bounded so staleness is
 * re-evaluated at least hourly even while suspended. Pure.
 */
final class PolicyRequeue {
  /** Re-evaluate at least this often (staleness, missed wake-ups). */
  static final Duration MAX = Duration.ofHours(1);

  /** Never spin: a slot "now" (clock skew, rounding) still waits this long. */
  static final Duration MIN = Duration.ofSeconds(1);

  /** A missing Secret or unreachable repository is fixed outside the policy: look again. */
  static final Duration RECHECK_ENVIRONMENT = Duration.ofMinutes(1);

  private PolicyRequeue() {}

  /** Empty for a bad spec: only the user's edit (which is an event) can fix it. */
  static Optional<Duration> after(PolicyCheck check, SlotDecision decision, Instant now) {
    Duration wait = MAX;
    if (decision != null && decision.requeueAt().isPresent()) {
      wait = Duration.between(now, decision.requeueAt().get());
    }
    boolean environment =
        check.problems().stream()
            .anyMatch(
                p ->
                    p.reason() == ConditionReason.SECRET_MISSING
                        || p.reason() == ConditionReason.REPOSITORY_UNREACHABLE);
    if (environment) {
      wait = min(wait, RECHECK_ENVIRONMENT);
    } else if (decision == null) {
      return Optional.empty();
    }
    wait = min(wait, MAX);
    return Optional.of(wait.compareTo(MIN) < 0 ? MIN : wait);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
