package io.cadang.agent.physical;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A WAL position as PostgreSQL prints it ({@code 16/B374D848}): two hex halves of 64 bits. */
public record Lsn(long value) implements Comparable<Lsn> {
  private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

  public static Lsn parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid LSN '" + text + "': expected two hex numbers like 0/16B3748");
    }
    return new Lsn(Long.parseLong(m.group(1), 16) << 32 | Long.parseLong(m.group(2), 16));
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  public boolean isAfter(Lsn other) {
    return compareTo(other) > 0;
  }

  @Override
  public String toString() {
    return String.format("%X/%X", value >>> 32, value & 0xFFFFFFFFL);
  }
}
