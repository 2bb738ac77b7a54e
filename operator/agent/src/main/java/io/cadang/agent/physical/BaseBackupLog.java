package io.cadang.agent.physical;

import io.cadang.agent.wal.Lsn;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code pg_basebackup -v} reports on stderr about the WAL range of the backup it took:
 *
 * <pre>
 * pg_basebackup: write-ahead log start point: 0/2000028 on timeline 1
 * pg_basebackup: write-ahead log end point: 0/2000100
 * </pre>
 */
record BaseBackupLog(Lsn startLsn, int timeline, Lsn stopLsn) {
  private static final Pattern START =
      Pattern.compile(
          "write-ahead log start point: ([0-9A-Fa-f]+/[0-9A-Fa-f]+) on timeline (\\d+)");
  private static final Pattern END =
      Pattern.compile("write-ahead log end point: ([0-9A-Fa-f]+/[0-9A-Fa-f]+)");

  /** Parses the stderr text; throws when either line is missing (an older or failed run). */
  static BaseBackupLog parse(String stderr) {
    Matcher start = START.matcher(stderr);
    Matcher end = END.matcher(stderr);
    if (!start.find() || !end.find()) {
      throw new IllegalStateException(
          "pg_basebackup did not report the backup's WAL start and end points");
    }
    return new BaseBackupLog(
        Lsn.parse(start.group(1)), Integer.parseInt(start.group(2)), Lsn.parse(end.group(1)));
  }
}
