package io.cadang.agent.wal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A timeline history file ({@code 00000002.history}): one line per ancestor timeline, {@code
 * <parent tli> <switch point LSN> <reason>}, oldest first. Timeline N's history lists the points at
 * which each ancestor ended; WAL before a switch point belongs to the ancestor.
 */
public record TimelineHistory(int timeline, List<Entry> entries) {

  /** The ancestor {@code parent} was left at {@code switchPoint}. */
  public record Entry(int parent, Lsn switchPoint) {}

  public static TimelineHistory parse(int timeline, byte[] content) {
    List<Entry> entries = new ArrayList<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+");
      if (parts.length < 2) {
        throw new IllegalArgumentException(
            "history of timeline " + timeline + " has a malformed line: " + l);
      }
      entries.add(new Entry(Integer.parseInt(parts[0]), Lsn.parse(parts[1])));
    }
    return new TimelineHistory(timeline, List.copyOf(entries));
  }

  /** The first timeline's (implicit) history: no ancestors. */
  public static TimelineHistory first(int timeline) {
    return new TimelineHistory(timeline, List.of());
  }

  /** The timeline a WAL position belongs to when following this timeline's history. */
  public int timelineOf(Lsn lsn) {
    for (Entry e : entries) {
      if (lsn.isBefore(e.switchPoint())) {
        return e.parent();
      }
    }
    return timeline;
  }

  /** True when {@code other} is this timeline or one of its ancestors. */
  public boolean includes(int other) {
    return other == timeline || entries.stream().anyMatch(e -> e.parent() == other);
  }

  /**
   * The timeline whose file PostgreSQL reads for a segment: the newest one that had begun by the
   * segment's end (the segment holding a switch point is read from the new timeline).
   */
  public int timelineForSegment(long segment, WalSegments segments) {
    Lsn segmentEnd = segments.startOf(segment + 1);
    int tli = entries.isEmpty() ? timeline : entries.get(0).parent();
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).switchPoint().isBefore(segmentEnd)) {
        tli = i + 1 < entries.size() ? entries.get(i + 1).parent() : timeline;
      }
    }
    return tli;
  }
}
