package io.cadang.agent.wal;

/**
 * A WAL position (log sequence number) in PostgreSQL's text form {@code X/Y}: the high and low 32
 * bits in upper-case hex.
 */
public record Lsn(long value) implements Comparable<Lsn> {
  public static final Lsn ZERO = new Lsn(0);

  /** Parses {@code 0/2000028}; anything else is an {@link IllegalArgumentException}. */
  public static Lsn parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
      throw new IllegalArgumentException("'" + text + "' is not a WAL position like 0/2000028");
    }
    try {
      long hi = Long.parseLong(text.substring(0, slash), 16);
      long lo = Long.parseLong(text.substring(slash + 1), 16);
      return new Lsn((hi << 32) | lo);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a WAL position like 0/2000028");
    }
  }

  public Lsn plus(long bytes) {
    return new Lsn(value + bytes);
  }

  public boolean isBefore(Lsn other) {
    return Long.compareUnsigned(value, other.value) < 0;
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return String.format("%X/%X", value >>> 32, value & 0xFFFFFFFFL);
  }
}
