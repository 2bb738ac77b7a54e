package io.cadang.controller.status;

import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Standard Kubernetes conditions. {@code lastTransitionTime} changes only when a condition's status
 * flips, so an unchanged world produces an unchanged status and no write (GitOps diffs and watchers
 * stay quiet).
 */
public final class Conditions {
  private Conditions() {}

  /** Returns a new list with the condition set; the input is not modified. */
  public static List<Condition> with(
      List<Condition> current,
      ConditionType type,
      boolean status,
      ConditionReason reason,
      String message,
      Long generation,
      Instant now) {
    List<Condition> next = new ArrayList<>(current == null ? List.of() : current);
    String statusText = status ? "True" : "False";
    Optional<Condition> existing = find(next, type);
    String transition =
        existing
            .filter(c -> statusText.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type.value())
            .withStatus(statusText)
            .withReason(reason.value())
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    existing.ifPresentOrElse(c -> next.set(next.indexOf(c), updated), () -> next.add(updated));
    return next;
  }

  /** Returns a new list without the condition (e.g. its objective was removed from the spec). */
  public static List<Condition> without(List<Condition> current, ConditionType type) {
    List<Condition> next = new ArrayList<>(current == null ? List.of() : current);
    next.removeIf(c -> type.value().equals(c.getType()));
    return next;
  }

  public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.value().equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, ConditionType type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
