package io.cadang.controller.pitr;

import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.WalArchiveStatus;
import java.time.Instant;

/**
 * What the operator concludes from the streamer's report.
 *
 * @param status the walArchive status to publish; null when nothing was ever reported
 * @param condition the WalArchiving verdict; null while the streamer is still starting (the
 *     condition is then left as it is)
 * @param lagSeconds now − archivedAt, for the metric (NaN when unknown)
 * @param lagBytes serverLsn − archivedLsn (NaN when unknown)
 * @param archivedAt the latest restorable point, null when unknown
 */
public record WalArchiveEvaluation(
    WalArchiveStatus status,
    Verdict condition,
    double lagSeconds,
    double lagBytes,
    Instant archivedAt) {

  /** The WalArchiving condition. */
  public record Verdict(boolean ok, ConditionReason reason, String message) {}
}
