package io.cadang.agent.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that the archive can replay WAL from a base backup's start to the latest archived point:
 * every segment present on the timeline PostgreSQL would read it from (following history files),
 * the last one possibly as a partial. Pure: works on a {@link WalListing} and parsed histories.
 */
public final class WalChain {
  private WalChain() {}

  /**
   * @param ok no segment is missing
   * @param timeline the newest timeline descending from the start, whose end was checked
   * @param firstSegment the segment holding the start position
   * @param lastSegment the last archived segment of the chain (complete or partial)
   * @param endsInPartial the last segment is only archived as a partial
   * @param missing every missing segment, oldest first
   * @param firstGap one line naming the first gap, null when ok
   */
  public record Result(
      boolean ok,
      int timeline,
      String firstSegment,
      String lastSegment,
      boolean endsInPartial,
      List<String> missing,
      String firstGap) {
    public int segmentCount(WalSegments segments) {
      return lastSegment == null
          ? 0
          : (int) (segments.segmentOf(lastSegment) - segments.segmentOf(firstSegment) + 1);
    }
  }

  /** Single-timeline form (no history files needed), 16 MiB segments. */
  public static Result check(WalListing listing, int startTimeline, Lsn startLsn) {
    return check(listing, Map.of(), WalSegments.DEFAULT, startTimeline, startLsn);
  }

  public static Result check(
      WalListing listing,
      Map<Integer, TimelineHistory> histories,
      WalSegments segments,
      int startTimeline,
      Lsn startLsn) {
    TimelineHistory target = targetTimeline(listing, histories, startTimeline);
    long startSegment = segments.segmentOf(startLsn);
    String firstName =
        segments.name(target.timelineForSegment(startSegment, segments), startSegment);
    if (startTimeline != target.timelineOf(startLsn)) {
      return gap(
          target,
          firstName,
          null,
          List.of(firstName),
          "start "
              + startLsn
              + " on timeline "
              + startTimeline
              + " is not on the history of timeline "
              + target.timeline());
    }
    long last = -1;
    boolean lastPartial = false;
    for (String name : allSegmentNames(listing)) {
      long seg = segments.segmentOf(name);
      if (WalSegments.timelineOf(name) != target.timelineForSegment(seg, segments)) {
        continue;
      }
      boolean complete = listing.hasSegment(name);
      if (seg > last || (seg == last && complete)) {
        last = seg;
        lastPartial = !complete;
      }
    }
    if (last < startSegment) {
      return gap(
          target,
          firstName,
          null,
          List.of(firstName),
          "missing "
              + firstName
              + " (timeline "
              + WalSegments.timelineOf(firstName)
              + "): nothing is archived from the start "
              + startLsn
              + " on");
    }
    List<String> missing = new ArrayList<>();
    String firstGap = null;
    String previousPresent = null;
    for (long seg = startSegment; seg <= last; seg++) {
      int tli = target.timelineForSegment(seg, segments);
      String name = segments.name(tli, seg);
      boolean present =
          listing.hasSegment(name) || (seg == last && listing.newestPartial(name).isPresent());
      if (present) {
        previousPresent = name;
        continue;
      }
      missing.add(name);
      if (firstGap == null) {
        firstGap =
            "missing "
                + name
                + " (timeline "
                + tli
                + ") between "
                + (previousPresent != null ? previousPresent : "the start " + startLsn)
                + " and "
                + nextPresent(listing, target, segments, seg, last).orElse("the end");
      }
    }
    String lastName = segments.name(target.timelineForSegment(last, segments), last);
    return new Result(
        missing.isEmpty(),
        target.timeline(),
        firstName,
        lastName,
        lastPartial,
        List.copyOf(missing),
        firstGap);
  }

  private static Result gap(
      TimelineHistory target, String first, String last, List<String> missing, String message) {
    return new Result(false, target.timeline(), first, last, false, missing, message);
  }

  /** The newest timeline whose history includes the start timeline. */
  private static TimelineHistory targetTimeline(
      WalListing listing, Map<Integer, TimelineHistory> histories, int startTimeline) {
    Set<Integer> timelines = new TreeSet<>(listing.historyTimelines());
    for (String name : allSegmentNames(listing)) {
      timelines.add(WalSegments.timelineOf(name));
    }
    TimelineHistory best = TimelineHistory.first(startTimeline);
    for (int tli : timelines) {
      TimelineHistory h = histories.getOrDefault(tli, TimelineHistory.first(tli));
      if (tli > best.timeline() && h.includes(startTimeline)) {
        best = h;
      }
    }
    return best;
  }

  private static Set<String> allSegmentNames(WalListing listing) {
    Set<String> all = new TreeSet<>(listing.segments());
    all.addAll(listing.partials().keySet());
    return all;
  }

  private static Optional<String> nextPresent(
      WalListing listing, TimelineHistory target, WalSegments segments, long from, long last) {
    for (long seg = from + 1; seg <= last; seg++) {
      String name = segments.name(target.timelineForSegment(seg, segments), seg);
      if (listing.hasSegment(name) || listing.newestPartial(name).isPresent()) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
