package io.cadang.agent.physical;

import io.cadang.agent.checks.ChecksReport;
import io.cadang.agent.pipeline.RestorePhases;
import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of a recovery (docs/pitr.md, {@code recover} result JSON).
 *
 * @param backupId the base backup recovery started from
 * @param recoveredToTime commit time of the last transaction replayed (the backup's stop time when
 *     no transaction followed it)
 * @param recoveredToLsn the last WAL position replayed
 * @param timeline the timeline the recovered cluster continues on
 * @param target time, lsn or latest
 * @param segmentsFetched WAL files restored from the archive
 * @param duration wall-clock time of the whole recovery
 * @param stopLine what PostgreSQL logged about where it stopped, or null
 * @param checks what the checks on the promoted cluster found
 * @param phases where the time went: download and unpack, WAL replay, checks
 */
public record RecoveryReport(
    String backupId,
    Instant recoveredToTime,
    String recoveredToLsn,
    int timeline,
    String target,
    int segmentsFetched,
    Duration duration,
    String stopLine,
    ChecksReport checks,
    RestorePhases phases) {

  public boolean verified() {
    return checks.passed();
  }
}
