package io.cadang.controller.restore;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pods of quiesced Deployments that still exist after the scale-down, per Deployment, and how
 * long they may take: a pod is gone at most its grace period after deletion on a healthy node, so
 * the limit is the longest grace period plus slack for the controllers and the node.
 *
 * @param remaining Deployment name → pods still present (terminating or not); none when all gone
 * @param limit how long after the scale-down began the restore waits before it gives up
 */
record PodsStopping(Map<String, Integer> remaining, Duration limit) {
  /** Slack beyond the grace period: ReplicaSet controller, kubelet and API round trips. */
  static final Duration SLACK = Duration.ofMinutes(2);

  /** What the API server reports when a pod template sets no grace period. */
  static final long DEFAULT_GRACE_SECONDS = 30;

  PodsStopping {
    remaining = Map.copyOf(remaining);
  }

  static PodsStopping of(Map<String, Integer> remaining, long longestGraceSeconds) {
    return new PodsStopping(remaining, Duration.ofSeconds(longestGraceSeconds).plus(SLACK));
  }

  boolean done() {
    return remaining.values().stream().allMatch(n -> n == 0);
  }

  /** E.g. {@code "web (2 pods), worker (1 pod)"}, in name order. */
  String summary() {
    return remaining.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " (" + e.getValue() + (e.getValue() == 1 ? " pod)" : " pods)"))
        .collect(Collectors.joining(", "));
  }
}
