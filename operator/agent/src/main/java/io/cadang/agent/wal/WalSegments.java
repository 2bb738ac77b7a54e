package io.cadang.agent.wal;

/**
 * Segment arithmetic for one segment size. A segment file name is the timeline, then the segment
 * number split into "log" and "seg" parts (each 8 hex digits), where one log id spans 4 GiB; so the
 * name depends on the server's {@code wal_segment_size}.
 */
public record WalSegments(long segmentSize) {
  public static final long DEFAULT_SIZE = 16L * 1024 * 1024;
  public static final WalSegments DEFAULT = new WalSegments(DEFAULT_SIZE);

  public WalSegments {
    if (segmentSize < 1024 * 1024 || Long.bitCount(segmentSize) != 1) {
      throw new IllegalArgumentException(
          "WAL segment size " + segmentSize + " is not a power of 2 of at least 1 MiB");
    }
  }

  private long segmentsPerLogId() {
    return 0x100000000L / segmentSize;
  }

  public long segmentOf(Lsn lsn) {
    return Long.divideUnsigned(lsn.value(), segmentSize);
  }

  public Lsn startOf(long segment) {
    return new Lsn(segment * segmentSize);
  }

  /** e.g. {@code 000000010000000000000003}. */
  public String name(int timeline, long segment) {
    return String.format(
        "%08X%08X%08X", timeline, segment / segmentsPerLogId(), segment % segmentsPerLogId());
  }

  /** The segment number of a 24-hex-digit name (its timeline is ignored). */
  public long segmentOf(String name) {
    long log = Long.parseLong(name.substring(8, 16), 16);
    long seg = Long.parseLong(name.substring(16, 24), 16);
    return log * segmentsPerLogId() + seg;
  }

  public static int timelineOf(String name) {
    return (int) Long.parseLong(name.substring(0, 8), 16);
  }

  public static boolean isSegmentName(String name) {
    return name.length() == 24 && name.chars().allMatch(WalSegments::isUpperHex);
  }

  public static boolean isHistoryName(String name) {
    return name.length() == 16
        && name.endsWith(".history")
        && name.substring(0, 8).chars().allMatch(WalSegments::isUpperHex);
  }

  private static boolean isUpperHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }
}
