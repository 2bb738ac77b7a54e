package io.cadang.agent.physical;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts a recovering PostgreSQL writes only to its log: where it stopped, the last transaction it
 * replayed, the new timeline, how many WAL files came from the archive, and its fatal error if
 * recovery failed.
 */
record RecoveryLog(
    Instant stoppedBefore,
    Instant lastTransaction,
    Integer newTimeline,
    int segmentsRestored,
    String fatal) {
  private static final String TS =
      "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)([+-]\\d\\d)(?::?(\\d\\d))?";
  private static final Pattern STOPPING =
      Pattern.compile("recovery stopping (?:before|after) .*?time " + TS);
  private static final Pattern LAST =
      Pattern.compile("last completed transaction was at log time " + TS);
  private static final Pattern TIMELINE = Pattern.compile("selected new timeline ID: (\\d+)");
  private static final Pattern RESTORED =
      Pattern.compile("restored log file \"[0-9A-F]{24}\" from archive");
  private static final Pattern FATAL = Pattern.compile("(?m)(?:FATAL|PANIC):\\s+(.*)$");

  static RecoveryLog parse(String log) {
    Matcher stop = STOPPING.matcher(log);
    Instant stoppedBefore = null;
    while (stop.find()) {
      stoppedBefore = instant(stop);
    }
    Matcher last = LAST.matcher(log);
    Instant lastTransaction = null;
    while (last.find()) {
      lastTransaction = instant(last);
    }
    Matcher tli = TIMELINE.matcher(log);
    Integer timeline = null;
    while (tli.find()) {
      timeline = Integer.parseInt(tli.group(1));
    }
    int restored = 0;
    Matcher r = RESTORED.matcher(log);
    while (r.find()) {
      restored++;
    }
    Matcher f = FATAL.matcher(log);
    String fatal = null;
    while (f.find()) {
      // The first fatal error is the cause; later ones are consequences.
      if (fatal == null) {
        fatal = f.group(1).trim();
      }
    }
    return new RecoveryLog(stoppedBefore, lastTransaction, timeline, restored, fatal);
  }

  private static Instant instant(Matcher m) {
    LocalDateTime local = LocalDateTime.parse(m.group(1).replace(' ', 'T'));
    int hours = Integer.parseInt(m.group(2));
    int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return local.toInstant(ZoneOffset.ofHoursMinutes(hours, hours < 0 ? -minutes : minutes));
  }
}
