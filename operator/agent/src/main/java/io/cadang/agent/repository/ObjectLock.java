package io.cadang.agent.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How long S3 Object Lock keeps each object the agent writes, and in which mode. Every object is
 * written with its own retain-until date (now + {@code retainFor}) rather than relying on the
 * bucket's default retention, so the date is explicit, visible per object, and independent of how
 * the bucket was configured.
 *
 * <p>Two kinds of objects are written unlocked (see {@link #appliesTo}): WAL partials, which the
 * streamer replaces every partial interval under new keys until the complete segment (locked)
 * supersedes them, and {@code wal/status.json}, the streamer's progress report rewritten just as
 * often. Locking each copy would keep thousands of near-identical versions for the whole lock
 * period; neither holds data a restore needs that a locked object does not.
 *
 * @param mode GOVERNANCE (a principal with s3:BypassGovernanceRetention may still delete) or
 *     COMPLIANCE (nobody may delete or shorten the lock until it expires, not even the root user)
 * @param retainFor how long each object stays locked after it is written
 */
public record ObjectLock(Mode mode, Duration retainFor) {

  public enum Mode {
    GOVERNANCE,
    COMPLIANCE;

    /** Parses {@code governance}/{@code compliance} in any case. */
    public static Mode parse(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "governance" -> GOVERNANCE;
        case "compliance" -> COMPLIANCE;
        default ->
            throw new IllegalArgumentException(
                "object lock mode must be governance or compliance, got '" + value + "'");
      };
    }
  }

  public ObjectLock {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(retainFor, "retainFor");
    if (retainFor.isNegative() || retainFor.isZero()) {
      throw new IllegalArgumentException("object lock period must be positive, got " + retainFor);
    }
  }

  /** The retain-until date of an object written at {@code now}, to the second S3 stores. */
  public Instant retainUntil(Instant now) {
    return now.plus(retainFor).plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** Whether an object under this key is written locked (all but WAL partials and status). */
  public static boolean appliesTo(String key) {
    return !(key.startsWith("wal/") && key.contains(".partial-")) && !key.equals(STATUS_KEY);
  }

  /** {@code WalStatus.KEY}, named here so the repository package needs nothing from wal. */
  static final String STATUS_KEY = "wal/status.json";
}
