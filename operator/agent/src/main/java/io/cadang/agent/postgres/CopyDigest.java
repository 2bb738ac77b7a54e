package io.cadang.agent.postgres;

import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A table's content as pg_dump's COPY text: CRC-32C over the bytes, and their length. Taken from
 * the dump as it streams by (nothing scans the table again at backup time) and, after a restore,
 * from {@code COPY ... TO STDOUT} of the restored table in a session set up as pg_dump sets up its
 * own. A freshly restored table holds its rows in the order they were loaded, so both sides see the
 * same bytes; a changed, lost or extra value changes them. The length makes a chance collision of
 * the 32-bit CRC additionally need the same size. This detects faults (a restore that lost or
 * altered data); tampering is what the artifacts' SHA-256 and the sealed manifest are for.
 */
public final class CopyDigest {
  /** Names the method in a manifest's table checksum, e.g. {@code copycrc32c:1a2b3c4d/1048576}. */
  public static final String PREFIX = "copycrc32c:";

  private final CRC32C crc = new CRC32C();
  private long bytes;

  public void update(byte[] b, int off, int len) {
    crc.update(b, off, len);
    bytes += len;
  }

  /** The checksum as recorded in a manifest. */
  public String value() {
    return PREFIX + String.format("%08x", crc.getValue()) + "/" + bytes;
  }

  /** True for a checksum of this kind. */
  public static boolean isCopyDigest(String checksum) {
    return checksum != null && checksum.startsWith(PREFIX);
  }

  /** The byte length a recorded checksum names, e.g. for a message. */
  public static Optional<Long> bytesOf(String checksum) {
    if (!isCopyDigest(checksum)) {
      return Optional.empty();
    }
    int slash = checksum.lastIndexOf('/');
    try {
      return Optional.of(Long.parseLong(checksum.substring(slash + 1)));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }
}
