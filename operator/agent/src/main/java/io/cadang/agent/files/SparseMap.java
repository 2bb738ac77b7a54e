package io.cadang.agent.files;

import java.io.IOException;

/**
 * The map at the start of a GNU sparse 1.0 member's data: decimal numbers, one per line (the count
 * of segments, then offset and size of each), padded to a whole block. The data that follows is the
 * segments' bytes back to back; everything between them reads as zeros.
 */
final class SparseMap {
  private static final int MAX_SEGMENTS = 1 << 22;

  private long[] offsets;
  private long[] sizes;
  private int numbersRead;
  private long count = -1;
  private long current;
  private boolean inNumber;
  private int segment = -1;

  /** Bytes of the current segment still to come in the data. */
  long segmentLeft;

  /** Consumes one block of the map; true once the map is complete (at the end of this block). */
  boolean read(byte[] block) throws IOException {
    for (byte b : block) {
      if (complete()) {
        return true;
      }
      if (b >= '0' && b <= '9') {
        if (current > (Long.MAX_VALUE - 9) / 10) {
          throw new IOException("the archive has a malformed sparse map");
        }
        current = current * 10 + (b - '0');
        inNumber = true;
      } else if (b == '\n' && inNumber) {
        add(current);
        current = 0;
        inNumber = false;
      } else {
        throw new IOException("the archive has a malformed sparse map");
      }
    }
    return complete();
  }

  private boolean complete() {
    return count >= 0 && numbersRead == 1 + 2 * count;
  }

  private void add(long value) throws IOException {
    if (count < 0) {
      if (value > MAX_SEGMENTS) {
        throw new IOException("the archive has a malformed sparse map");
      }
      count = value;
      offsets = new long[(int) value];
      sizes = new long[(int) value];
    } else {
      int i = (numbersRead - 1) / 2;
      if ((numbersRead - 1) % 2 == 0) {
        offsets[i] = value;
      } else {
        sizes[i] = value;
      }
    }
    numbersRead++;
  }

  /** Moves to the next segment and returns its offset in the file. */
  long nextSegment() throws IOException {
    segment++;
    if (segment >= count) {
      throw new IOException("the archive's sparse data is longer than its map");
    }
    segmentLeft = sizes[segment];
    return offsets[segment];
  }

  /** True when a later segment still expects data. */
  boolean hasDataLeft() {
    for (int i = segment + 1; i < count; i++) {
      if (sizes[i] > 0) {
        return true;
      }
    }
    return false;
  }
}
