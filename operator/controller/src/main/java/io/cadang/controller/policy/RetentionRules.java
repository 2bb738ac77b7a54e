package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.CalendarPick;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.controller.retention.RetentionPolicy;

/** Maps a policy's {@code spec.retention} to the planner's rules; no retention keeps everything. */
final class RetentionRules {
  private RetentionRules() {}

  /**
   * The rules of a policy: a volumeSnapshots source keeps its {@code keep} newest successful runs
   * (spec.retention is refused by the schema for it and ignored here); other sources use
   * spec.retention.
   */
  static RetentionPolicy of(io.cadang.api.v1alpha1.BackupPolicySpec spec) {
    var snapshots = spec.getSource() == null ? null : spec.getSource().getVolumeSnapshots();
    if (snapshots != null) {
      int keep = snapshots.getKeep() == null ? 2 : snapshots.getKeep();
      return new RetentionPolicy(keep, null, null, null, null, RetentionPolicy.DEFAULT_KEEP_FAILED);
    }
    return of(spec.getRetention());
  }

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
        r.getKeepFailed() == null ? RetentionPolicy.DEFAULT_KEEP_FAILED : r.getKeepFailed(),
        r.getCalendarPick() == CalendarPick.OLDEST);
  }
}
