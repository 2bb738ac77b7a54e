package io.cadang.agent.wal;

/**
 * Where the WAL in a {@code .partial} file ends. pg_receivewal pads a segment it is writing with
 * zeros to its full size, so the file size says nothing; instead we walk the 8 KiB WAL pages: every
 * written page starts with the page magic (0xD110 on PostgreSQL 15, little-endian), an unwritten
 * one with zeros. In the last written page the WAL ends after its last non-zero byte, rounded up to
 * the 8-byte alignment of WAL records; a record tail of zeros cut off here is restored by the zero
 * padding, so the stored partial replays exactly like the file.
 */
public final class PartialEnd {
  public static final int WAL_PAGE = 8192;

  private PartialEnd() {}

  /** Bytes of WAL at the start of {@code segment} (0 when nothing was written yet). */
  public static int of(byte[] segment, int length) {
    int page = 0;
    while (page + WAL_PAGE <= length && (segment[page] != 0 || segment[page + 1] != 0)) {
      page += WAL_PAGE;
    }
    if (page == 0) {
      return 0;
    }
    int lastPage = page - WAL_PAGE;
    int last = page - 1;
    while (last >= lastPage && segment[last] == 0) {
      last--;
    }
    int end = last + 1;
    return (end + 7) & ~7;
  }
}
