package io.cadang.controller.pitr;

import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.WalArchiveStatus;
import io.cadang.controller.pitr.WalArchiveEvaluation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns the streamer's last report into status, the WalArchiving condition and metric values. Pure:
 * everything it needs is an argument. Checks, most specific first: the streamer's own error, a
 * report that is too old (the streamer is down or cut off), an archive older than the target RPO.
 *
 * <p>Condition messages change only when the report changes (they carry the reported values, not
 * ages computed from now), so a reconcile between two reports writes nothing.
 */
public final class WalArchiveEvaluator {
  /** A report may be late by this much before the streamer counts as not reporting. */
  static final Duration MIN_SILENCE = Duration.ofSeconds(60);

  /** A new Deployment has this long to pull its image, start and write its first report. */
  public static final Duration STARTUP_GRACE = Duration.ofMinutes(2);

  private WalArchiveEvaluator() {}

  /**
   * @param report the parsed status.json, empty when there is none
   * @param readProblem why the repository could not be read, empty when it could
   * @param streamerSince when the streamer Deployment was created, null if it does not exist yet
   */
  public static WalArchiveEvaluation evaluate(
      Optional<WalStatus> report,
      Optional<String> readProblem,
      PitrSettings settings,
      Instant streamerSince,
      Instant now) {
    boolean starting =
        streamerSince == null || Duration.between(streamerSince, now).compareTo(STARTUP_GRACE) < 0;
    if (readProblem.isPresent()) {
      return new WalArchiveEvaluation(
          null,
          new Verdict(
              false,
              ConditionReason.STREAMER_NOT_REPORTING,
              "cannot read " + RepositoryWalArchiveReader.STATUS_KEY + ": " + readProblem.get()),
          Double.NaN,
          Double.NaN,
          null);
    }
    if (report.isEmpty()) {
      Verdict verdict =
          starting
              ? null
              : new Verdict(
                  false,
                  ConditionReason.STREAMER_NOT_REPORTING,
                  "no "
                      + RepositoryWalArchiveReader.STATUS_KEY
                      + " in the primary repository: the WAL streamer has never reported; check"
                      + " its Deployment's pods");
      return new WalArchiveEvaluation(null, verdict, Double.NaN, Double.NaN, null);
    }
    WalStatus r = report.get();
    Instant updatedAt = r.updatedAt();
    Instant archivedAt = r.archivedAt();
    Long lagBytes = lagBytes(r);
    WalArchiveStatus status = new WalArchiveStatus();
    status.setTimeline(r.timeline());
    status.setLastSegment(r.lastSegment());
    status.setArchivedLsn(r.archivedLsn());
    status.setArchivedAt(text(archivedAt));
    status.setServerLsn(r.serverLsn());
    status.setUpdatedAt(text(updatedAt));
    status.setLagBytes(lagBytes);
    // As reported (updatedAt − archivedAt), not against now: status then changes only with a new
    // report. The metric below uses now, so an alert sees the lag grow when the streamer dies.
    if (archivedAt != null && updatedAt != null) {
      status.setLagSeconds(Math.max(0, Duration.between(archivedAt, updatedAt).toSeconds()));
    }
    double lagNow =
        archivedAt == null
            ? Double.NaN
            : Math.max(0, Duration.between(archivedAt, now).toMillis() / 1000.0);
    return new WalArchiveEvaluation(
        status,
        verdict(r, updatedAt, archivedAt, settings, now),
        lagNow,
        lagBytes == null ? Double.NaN : lagBytes,
        archivedAt);
  }

  private static Verdict verdict(
      WalStatus r, Instant updatedAt, Instant archivedAt, PitrSettings settings, Instant now) {
    if (r.error() != null && !r.error().isBlank()) {
      return new Verdict(
          false, ConditionReason.STREAMER_FAILED, "the WAL streamer reports: " + r.error());
    }
    if (r.gap() != null && !r.gap().isBlank()) {
      // Recovery cannot replay past a missing segment: the window is broken, whatever the lag.
      return new Verdict(
          false, ConditionReason.WAL_GAP, "the WAL archive is not continuous: " + r.gap());
    }
    Duration silence = maxSilence(settings.interval());
    if (updatedAt == null || Duration.between(updatedAt, now).compareTo(silence) > 0) {
      return new Verdict(
          false,
          ConditionReason.STREAMER_NOT_REPORTING,
          "the WAL streamer last reported at "
              + r.updatedAt()
              + "; it reports every "
              + settings.intervalArg()
              + " and is considered gone after "
              + silence.toSeconds()
              + " s");
    }
    if (archivedAt == null
        || Duration.between(archivedAt, now).compareTo(settings.targetRpo()) > 0) {
      return new Verdict(
          false,
          ConditionReason.BEHIND_TARGET,
          "the newest archived WAL ("
              + r.archivedLsn()
              + ") is from "
              + r.archivedAt()
              + ", older than targetRpo "
              + settings.targetRpo().toSeconds()
              + " s; the server is at "
              + r.serverLsn());
    }
    return new Verdict(
        true,
        ConditionReason.STREAMING,
        "WAL archived up to " + r.archivedLsn() + " at " + r.archivedAt());
  }

  /** max(3 × interval, 60 s): a few missed reports are tolerated, a dead streamer is not. */
  public static Duration maxSilence(Duration interval) {
    Duration three = interval.multipliedBy(3);
    return three.compareTo(MIN_SILENCE) > 0 ? three : MIN_SILENCE;
  }

  private static Long lagBytes(WalStatus r) {
    try {
      return Math.max(0, Lsn.parse(r.serverLsn()).value() - Lsn.parse(r.archivedLsn()).value());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
