package io.cadang.controller.pitr;

/**
 * PostgreSQL WAL positions ({@code X/Y}) and WAL segment numbers, with the default 16 MiB segment
 * size the data plane uses. Pure.
 */
public final class Lsn {
  public static final long SEGMENT_BYTES = 16L * 1024 * 1024;

  private Lsn() {}

  /** {@code 0/7A3F000} → its byte position; IllegalArgumentException for anything else. */
  public static long parse(String lsn) {
    if (lsn == null) {
      throw new IllegalArgumentException("no LSN");
    }
    int slash = lsn.indexOf('/');
    if (slash < 1 || slash == lsn.length() - 1) {
      throw new IllegalArgumentException("not an LSN: '" + lsn + "'");
    }
    try {
      long hi = Long.parseLong(lsn.substring(0, slash), 16);
      long lo = Long.parseLong(lsn.substring(slash + 1), 16);
      if (hi > 0xFFFFFFFFL || lo > 0xFFFFFFFFL || hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not an LSN: '" + lsn + "'");
      }
      return (hi << 32) | lo;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an LSN: '" + lsn + "'");
    }
  }

  /** The number of the segment holding this position (independent of the timeline). */
  public static long segmentOf(String lsn) {
    return Long.divideUnsigned(parse(lsn), SEGMENT_BYTES);
  }

  /**
   * The segment number in a 24-hex-digit WAL file name (timeline, then log and segment within it),
   * e.g. 000000010000000100000003 → 0x100000003 / 16 MiB-segments: log 1 × 256 + 3.
   */
  public static long segmentOfFileName(String name) {
    long log = Long.parseLong(name.substring(8, 16), 16);
    long seg = Long.parseLong(name.substring(16, 24), 16);
    return log * (0x100000000L / SEGMENT_BYTES) + seg;
  }
}
