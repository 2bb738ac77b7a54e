package io.cadang.agent.wal;

/**
 * One file of the archive as PostgreSQL names it, plus where it lives in the repository (layout in
 * docs/pitr.md): a complete segment, a partial segment up to byte {@code partialEnd}, or a timeline
 * history file.
 *
 * @param segmentName the 24-hex-digit segment name; for a history file its 8-digit timeline
 */
public record WalFile(Kind kind, int timeline, String segmentName, Integer partialEnd) {
  public enum Kind {
    SEGMENT,
    PARTIAL,
    HISTORY
  }

  public static final String ROOT = "wal/";
  public static final String DATA_SUFFIX = ".zst.cdg";
  public static final String DESCRIPTOR_SUFFIX = ".json";

  public static WalFile segment(String name) {
    return new WalFile(Kind.SEGMENT, WalSegments.timelineOf(name), name, null);
  }

  public static WalFile partial(String name, int end) {
    return new WalFile(Kind.PARTIAL, WalSegments.timelineOf(name), name, end);
  }

  public static WalFile history(int timeline) {
    return new WalFile(Kind.HISTORY, timeline, String.format("%08X", timeline), null);
  }

  /**
   * Parses a name PostgreSQL uses: a segment, {@code <segment>.partial} (end unknown here, 0) or
   * {@code <tli>.history}; anything else is an {@link IllegalArgumentException}.
   */
  public static WalFile parse(String name) {
    if (WalSegments.isSegmentName(name)) {
      return segment(name);
    }
    if (WalSegments.isHistoryName(name)) {
      return history(WalSegments.timelineOf(name));
    }
    if (name.length() == 32
        && name.endsWith(".partial")
        && WalSegments.isSegmentName(name.substring(0, 24))) {
      return partial(name.substring(0, 24), 0);
    }
    throw new IllegalArgumentException(
        "'" + name + "' is not a WAL segment, partial segment or timeline history file name");
  }

  /** The file name PostgreSQL knows, which is also the artifact context's object name. */
  public String pgName() {
    return switch (kind) {
      case SEGMENT -> segmentName;
      case PARTIAL -> segmentName + ".partial";
      case HISTORY -> segmentName + ".history";
    };
  }

  public String timelineDir() {
    return ROOT + String.format("%08X", timeline) + "/";
  }

  /** The repository key without suffix, e.g. {@code wal/00000001/0000000100000000000000003}. */
  public String keyBase() {
    return switch (kind) {
      case SEGMENT -> timelineDir() + segmentName;
      case PARTIAL -> partialPrefix() + String.format("%08X", partialEnd);
      case HISTORY -> timelineDir() + segmentName + ".history";
    };
  }

  /** Every partial object of this segment starts with this key. */
  public String partialPrefix() {
    return timelineDir() + segmentName + ".partial-";
  }

  public String dataKey() {
    return keyBase() + DATA_SUFFIX;
  }

  public String descriptorKey() {
    return keyBase() + DESCRIPTOR_SUFFIX;
  }

  @Override
  public String toString() {
    return kind == Kind.PARTIAL ? pgName() + " up to byte " + partialEnd : pgName();
  }
}
