package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.CadangApi;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drills of one policy among the namespace's RestoreRequests, as a pure function: those the
 * operator created for spec.drills (labelled) and those applied by hand with mode Drill through the
 * policy. Ordered by when they finished, so "the newest drill" is the one that proved something
 * last.
 */
public record DrillRecords(List<RestoreRequest> drills) {

  public static DrillRecords of(List<RestoreRequest> requests, String policy) {
    return new DrillRecords(
        requests.stream()
            .filter(r -> isDrillOf(r, policy))
            .sorted(Comparator.comparing(DrillRecords::finishedAt))
            .toList());
  }

  static boolean isDrillOf(RestoreRequest r, String policy) {
    Map<String, String> labels = r.getMetadata().getLabels();
    if (labels != null && policy.equals(labels.get(CadangApi.DRILL_OF_LABEL))) {
      return true;
    }
    return r.getSpec() != null
        && r.getSpec().getMode() == RestoreMode.DRILL
        && r.getSpec().getSource() != null
        && policy.equals(r.getSpec().getSource().getPolicy());
  }

  /** Whether a drill of the policy is still running: the next slot is skipped, not doubled. */
  public boolean active() {
    return drills.stream().anyMatch(r -> !finished(r));
  }

  /** The newest drill that finished (succeeded or failed). */
  public Optional<RestoreRequest> newestFinished() {
    return drills.stream().filter(DrillRecords::finished).reduce((a, b) -> b);
  }

  /** The newest drill that succeeded. */
  public Optional<RestoreRequest> newestSucceeded() {
    return drills.stream()
        .filter(r -> r.getStatus().getPhase() == RestorePhase.SUCCEEDED)
        .reduce((a, b) -> b);
  }

  /** Finished drills the operator created, oldest first, beyond the newest {@code keep}. */
  public List<RestoreRequest> prunable(int keep) {
    List<RestoreRequest> created =
        drills.stream()
            .filter(DrillRecords::finished)
            .filter(
                r ->
                    r.getMetadata().getLabels() != null
                        && r.getMetadata().getLabels().containsKey(CadangApi.DRILL_OF_LABEL))
            .toList();
    return created.subList(0, Math.max(0, created.size() - keep));
  }

  static boolean finished(RestoreRequest r) {
    return r.getStatus() != null
        && r.getStatus().getPhase() != null
        && r.getStatus().getPhase().terminal();
  }

  /** Completion time; unfinished drills sort last. */
  private static Instant finishedAt(RestoreRequest r) {
    if (finished(r) && r.getStatus().getCompletionTime() != null) {
      return Instant.parse(r.getStatus().getCompletionTime());
    }
    return Instant.MAX;
  }
}
