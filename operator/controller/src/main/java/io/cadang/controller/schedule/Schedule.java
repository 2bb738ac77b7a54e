package io.cadang.controller.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression read in a time zone: the slots at which a policy backs up.
 *
 * <p>Daylight saving time, chosen to match ISC/vixie cron and to never run a slot twice:
 *
 * <ul>
 *   <li>A local time that does not exist (spring-forward gap) runs once, at the first valid instant
 *       after the gap: a 02:30 job in Europe/Berlin runs at 03:00 CEST on that day. Several slots
 *       in one gap collapse into that one instant; so does a real slot at the same instant (an
 *       hourly job runs 23 times that day).
 *   <li>A local time that occurs twice (fall-back overlap) runs once, at its first occurrence. An
 *       hourly job in Berlin runs 24 times on the 25-hour day: the repeated 02:00 hour is skipped,
 *       so the longest gap is 2 hours.
 * </ul>
 *
 * <p>Searches walk local dates and only visit hours and minutes of matching days, so a rare slot
 * ({@code 0 0 29 2 *}) costs a few thousand date checks, not millions of minutes. A slot is an
 * instant: the reconciler stores it as the last schedule time and names the run after it.
 */
public final class Schedule {
  /** Leap days can be 8 years apart (2096 to 2104); beyond this a search gives up. */
  private static final int SEARCH_DAYS = 366 * 9;

  private final CronExpression cron;
  private final ZoneId zone;

  public Schedule(CronExpression cron, ZoneId zone) {
    this.cron = cron;
    this.zone = zone;
  }

  /**
   * Parses a policy's {@code schedule} and {@code timeZone}; a null or blank zone means UTC.
   *
   * @throws InvalidScheduleException naming the field and the problem
   */
  public static Schedule parse(String cron, String timeZone) throws InvalidScheduleException {
    CronExpression expression = CronExpression.parse(cron);
    if (timeZone == null || timeZone.isBlank()) {
      return new Schedule(expression, ZoneId.of("UTC"));
    }
    // Only region ids: a fixed offset like "+07:00" would quietly ignore the zone's DST rules.
    if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
      throw new InvalidScheduleException(
          "timeZone '" + timeZone + "': not an IANA time zone (e.g. Europe/Berlin, Asia/Jakarta)");
    }
    try {
      return new Schedule(expression, ZoneId.of(timeZone));
    } catch (DateTimeException e) {
      throw new InvalidScheduleException("timeZone '" + timeZone + "': " + e.getMessage());
    }
  }

  public CronExpression cron() {
    return cron;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first slot strictly after {@code t}; empty only if none falls within nine years. */
  public Optional<Instant> nextAfter(Instant t) {
    // Start a day early: a gap or an overlap can move a slot of the previous local date past t.
    LocalDate date = t.atZone(zone).toLocalDate().minusDays(1);
    for (int d = 0; d <= SEARCH_DAYS; d++, date = date.plusDays(1)) {
      if (!cron.matchesDate(date) || !toInstant(date.atTime(23, 59)).isAfter(t)) {
        continue;
      }
      for (int hour = 0; hour < 24; hour++) {
        // Slot instants rise with local time within a day, so a whole hour can be ruled out.
        if (!cron.matchesHour(hour) || !toInstant(date.atTime(hour, 59)).isAfter(t)) {
          continue;
        }
        for (int minute = 0; minute < 60; minute++) {
          if (cron.matchesMinute(minute)) {
            Instant slot = toInstant(date.atTime(hour, minute));
            if (slot.isAfter(t)) {
              return Optional.of(slot);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The latest slot at or before {@code t}; empty only if none falls within nine years. */
  public Optional<Instant> latestAtOrBefore(Instant t) {
    // Start a day late, mirroring nextAfter: an overlap can put a later date's slot before t.
    LocalDate date = t.atZone(zone).toLocalDate().plusDays(1);
    for (int d = 0; d <= SEARCH_DAYS; d++, date = date.minusDays(1)) {
      if (!cron.matchesDate(date) || toInstant(date.atTime(0, 0)).isAfter(t)) {
        continue;
      }
      for (int hour = 23; hour >= 0; hour--) {
        if (!cron.matchesHour(hour) || toInstant(date.atTime(hour, 0)).isAfter(t)) {
          continue;
        }
        for (int minute = 59; minute >= 0; minute--) {
          if (cron.matchesMinute(minute)) {
            Instant slot = toInstant(date.atTime(hour, minute));
            if (!slot.isAfter(t)) {
              return Optional.of(slot);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The slot that is due at {@code now}: the latest slot in {@code (after, now]}. Missed slots
   * collapse into this one, so an operator that was down never runs a backlog. {@code after} is the
   * last schedule time, or the policy's creation time when it never ran (never the epoch).
   */
  public Optional<Instant> dueSlot(Instant after, Instant now) {
    return latestAtOrBefore(now).filter(slot -> slot.isAfter(after));
  }

  /**
   * The longest gap between consecutive slots in the year after {@code from}. Staleness checks use
   * it: "a success within the schedule's interval plus grace" must hold across the longest gap, and
   * DST makes some gaps longer (a 02:30 daily job in Berlin has a 25-hour gap in October, an hourly
   * one a 2-hour gap). The year is sampled for its first 2000 slots plus two days around every
   * offset transition, which keeps minutely schedules cheap and still sees every DST change.
   */
  public Duration longestInterval(Instant from) {
    Instant yearLater = from.plus(Duration.ofDays(366));
    Duration longest = longestGap(from, yearLater, 2000);
    ZoneOffsetTransition transition = zone.getRules().nextTransition(from);
    while (transition != null && transition.getInstant().isBefore(yearLater)) {
      Instant at = transition.getInstant();
      Duration gap = longestGap(at.minus(Duration.ofDays(1)), at.plus(Duration.ofDays(1)), 4000);
      longest = gap.compareTo(longest) > 0 ? gap : longest;
      transition = zone.getRules().nextTransition(at);
    }
    return longest;
  }

  /** Longest gap between slots from the one at or before {@code start} until one passes end. */
  private Duration longestGap(Instant start, Instant end, int maxSlots) {
    Optional<Instant> previous = latestAtOrBefore(start).or(() -> nextAfter(start));
    Duration longest = Duration.ZERO;
    for (int slots = 0; previous.isPresent() && !previous.get().isAfter(end); slots++) {
      if (slots >= maxSlots) {
        break;
      }
      Optional<Instant> next = nextAfter(previous.get());
      if (next.isPresent()) {
        Duration gap = Duration.between(previous.get(), next.get());
        longest = gap.compareTo(longest) > 0 ? gap : longest;
      }
      previous = next;
    }
    return longest;
  }

  @Override
  public String toString() {
    return "'" + cron + "' in " + zone;
  }

  /** Maps a local slot time to its instant with the DST rules in the class comment. */
  private Instant toInstant(LocalDateTime local) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      return rules.getTransition(local).getInstant();
    }
    Instant earliest = local.toInstant(offsets.get(0));
    for (ZoneOffset offset : offsets) {
      Instant candidate = local.toInstant(offset);
      if (candidate.isBefore(earliest)) {
        earliest = candidate;
      }
    }
    return earliest;
  }
}
