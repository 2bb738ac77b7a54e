package io.cadang.controller.retention;

import io.cadang.controller.retention.RetentionCandidate.Outcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Given-helpers: runs named after their local day, e.g. "db-2026-11-20". */
final class Runs {
  private Runs() {}

  static RetentionCandidate succeeded(String name, Instant at) {
    return new RetentionCandidate(name, at, Outcome.SUCCEEDED, false);
  }

  static RetentionCandidate failed(String name, Instant at) {
    return new RetentionCandidate(name, at, Outcome.FAILED, false);
  }

  static RetentionCandidate unfinished(String name, Instant at) {
    return new RetentionCandidate(name, at, Outcome.UNFINISHED, false);
  }

  static RetentionCandidate inUse(RetentionCandidate run) {
    return new RetentionCandidate(run.name(), run.takenAt(), run.outcome(), true);
  }

  /** One successful run a day at {@code time} local, from {@code first} to {@code last}. */
  static List<RetentionCandidate> dailySuccesses(
      LocalDate first, LocalDate last, LocalTime time, ZoneId zone) {
    List<RetentionCandidate> runs = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      runs.add(succeeded(name(day), day.atTime(time).atZone(zone).toInstant()));
    }
    return runs;
  }

  static String name(LocalDate day) {
    return "db-" + day;
  }
}
