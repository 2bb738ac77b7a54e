package io.cadang.agent.backup;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Generated backup ids sort by time: {@code 20261121T020000Z-3fa9c1}. */
public final class BackupIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private BackupIds() {}

  public static String generate(Instant now) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return STAMP.format(now) + "-" + HexFormat.of().formatHex(suffix);
  }
}
