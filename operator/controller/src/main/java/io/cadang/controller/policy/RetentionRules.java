package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.Retention;
import io.cadang.controller.retention.RetentionPolicy;

/** Maps a policy's {@code spec.retention} to the planner's rules; no retention keeps everything. */
final class RetentionRules {
  private RetentionRules() {}

  /**
   * @throws IllegalArgumentException naming the field when a count is negative
   */
  static RetentionPolicy of(Retention r) {
    if (r == null) {
      return new RetentionPolicy(null, null, null, null, null, RetentionPolicy.DEFAULT_KEEP_FAILED);
    }
    return new RetentionPolicy(
        r.getKeepLast(),
        r.getKeepDaily(),
        r.getKeepWeekly(),
        r.getKeepMonthly(),
        r.getKeepYearly(),
        r.getKeepFailed() == null ? RetentionPolicy.DEFAULT_KEEP_FAILED : r.getKeepFailed());
  }
}
