package io.cadang.agent.physical;

import io.cadang.agent.wal.Lsn;
import java.time.Instant;

/**
 * How far to replay: to a point in time, to a WAL position, or as far as the archive goes.
 *
 * @param kind which of the three
 * @param time the target time for {@link Kind#TIME}
 * @param lsn the target position for {@link Kind#LSN}
 */
public record RecoveryTarget(Kind kind, Instant time, Lsn lsn) {
  public enum Kind {
    TIME,
    LSN,
    LATEST;

    /** The name used in result JSON: time, lsn or latest. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static RecoveryTarget time(Instant time) {
    return new RecoveryTarget(Kind.TIME, time, null);
  }

  public static RecoveryTarget lsn(Lsn lsn) {
    return new RecoveryTarget(Kind.LSN, null, lsn);
  }

  public static RecoveryTarget latest() {
    return new RecoveryTarget(Kind.LATEST, null, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case TIME -> time.toString();
      case LSN -> "LSN " + lsn;
      case LATEST -> "latest";
    };
  }
}
