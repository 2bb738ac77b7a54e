package io.cadang.agent.wal;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the archive holds, from object keys alone: a file counts only once its descriptor exists
 * (the descriptor is written after the data, so a descriptor means the data is durable).
 */
public final class WalListing {
  private final Set<String> segments = new TreeSet<>();
  private final NavigableMap<String, Integer> newestPartialEnd = new TreeMap<>();
  private final Set<Integer> histories = new TreeSet<>();

  /** Builds a listing from repository keys under {@code wal/}; other keys are ignored. */
  public static WalListing fromKeys(Collection<String> keys) {
    WalListing listing = new WalListing();
    for (String key : keys) {
      if (!key.startsWith(WalFile.ROOT) || !key.endsWith(WalFile.DESCRIPTOR_SUFFIX)) {
        continue;
      }
      String file = key.substring(key.lastIndexOf('/') + 1, key.length() - 5);
      if (WalSegments.isSegmentName(file)) {
        listing.segments.add(file);
      } else if (WalSegments.isHistoryName(file)) {
        listing.histories.add(WalSegments.timelineOf(file));
      } else if (file.length() == 24 + 9 + 8
          && file.startsWith(".partial-", 24)
          && WalSegments.isSegmentName(file.substring(0, 24))) {
        int end = (int) Long.parseLong(file.substring(33), 16);
        listing.newestPartialEnd.merge(file.substring(0, 24), end, Math::max);
      }
    }
    return listing;
  }

  public WalListing withSegment(String name) {
    segments.add(name);
    return this;
  }

  public WalListing withoutSegment(String name) {
    segments.remove(name);
    return this;
  }

  public boolean hasSegment(String name) {
    return segments.contains(name);
  }

  public Set<String> segments() {
    return segments;
  }

  /**
   * Whether a partial of a segment ending at {@code end} is superseded: the segment is archived
   * complete, or a partial reaching further is.
   */
  public boolean supersedes(String segmentName, int end) {
    Integer newest = newestPartialEnd.get(segmentName);
    return segments.contains(segmentName) || (newest != null && newest > end);
  }

  /** The newest partial of a segment, if any. */
  public Optional<Integer> newestPartial(String segmentName) {
    return Optional.ofNullable(newestPartialEnd.get(segmentName));
  }

  public Map<String, Integer> partials() {
    return newestPartialEnd;
  }

  public Set<Integer> historyTimelines() {
    return histories;
  }

  public boolean isEmpty() {
    return segments.isEmpty() && newestPartialEnd.isEmpty() && histories.isEmpty();
  }
}
