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
 * <p>Superseded WAL partials are the one exception (see {@link #appliesTo}): the streamer replaces
 * the partial of the segment being written every partial interval, and locking each copy would keep
 * thousands of near-identical versions per segment for the whole lock period. The complete segment
 * that supersedes them is locked.
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

  /** Whether an object under this key is written locked (all but WAL partials). */
  public static boolean appliesTo(String key) {
    return !(key.startsWith("wal/") && key.contains(".partial-"));
  }
}
