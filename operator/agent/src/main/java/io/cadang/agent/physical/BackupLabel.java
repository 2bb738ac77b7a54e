package io.cadang.agent.physical;

import io.cadang.agent.wal.Lsn;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code backup_label} file PostgreSQL puts at the root of a base backup. Recovery starts from
 * it, so it is the authority on where the backup begins; we read it from the tar as it streams past
 * and cross-check what pg_basebackup reported.
 */
record BackupLabel(Lsn startLsn, int timeline, String label) {
  private static final Pattern START =
      Pattern.compile("(?m)^START WAL LOCATION: ([0-9A-Fa-f]+/[0-9A-Fa-f]+)");
  private static final Pattern TIMELINE = Pattern.compile("(?m)^START TIMELINE: (\\d+)");
  private static final Pattern LABEL = Pattern.compile("(?m)^LABEL: (.*)$");

  static BackupLabel parse(String text) {
    Matcher start = START.matcher(text);
    Matcher label = LABEL.matcher(text);
    if (!start.find() || !label.find()) {
      throw new IllegalStateException("backup_label in the base backup is malformed");
    }
    Matcher tli = TIMELINE.matcher(text);
    // START TIMELINE exists since PostgreSQL 11; before that the start segment's name carries it.
    int timeline = tli.find() ? Integer.parseInt(tli.group(1)) : 0;
    return new BackupLabel(Lsn.parse(start.group(1)), timeline, label.group(1).trim());
  }
}
