package io.cadang.agent.files;

import java.io.IOException;
import java.util.Arrays;

/**
 * The fields of one 512-byte POSIX tar header, as raw bytes and numbers. Unlike the base-backup
 * reader (physical.TarHeader), names stay bytes here, and uid/gid/mtime may use GNU base-256.
 * Values a pax record carries (long names, large numbers) override these; see {@link
 * TarStreamParser}.
 */
record TarHeaderBlock(
    byte[] name, int mode, long uid, long gid, long size, long mtime, char type, byte[] linkName) {
  static final int BLOCK = 512;

  static boolean isZero(byte[] block) {
    for (int i = 0; i < BLOCK; i++) {
      if (block[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Parses a header, refusing one whose checksum does not match (a corrupt stream). */
  static TarHeaderBlock parse(byte[] block) throws IOException {
    long stored = number(block, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
    }
    if (sum != stored) {
      throw new IOException("tar header checksum mismatch: the archive is corrupt");
    }
    byte[] name = cString(block, 0, 100);
    if (Arrays.equals(Arrays.copyOfRange(block, 257, 262), "ustar".getBytes())) {
      byte[] prefix = cString(block, 345, 155);
      if (prefix.length > 0) {
        byte[] joined = new byte[prefix.length + 1 + name.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        name = joined;
      }
    }
    return new TarHeaderBlock(
        name,
        (int) number(block, 100, 8),
        number(block, 108, 8),
        number(block, 116, 8),
        number(block, 124, 12),
        number(block, 136, 12),
        (char) (block[156] & 0xff),
        cString(block, 157, 100));
  }

  /** Octal, or GNU base-256 when the first byte's high bit is set. */
  private static long number(byte[] block, int offset, int length) throws IOException {
    if ((block[offset] & 0x80) != 0) {
      long v = block[offset] & 0x7f;
      for (int i = offset + 1; i < offset + length; i++) {
        v = (v << 8) | (block[i] & 0xff);
      }
      return v;
    }
    long v = 0;
    boolean any = false;
    for (int i = offset; i < offset + length; i++) {
      int c = block[i] & 0xff;
      if (c == 0 || c == ' ') {
        if (any) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        throw new IOException("tar header has a malformed number: the archive is corrupt");
      }
      v = v * 8 + (c - '0');
      any = true;
    }
    return v;
  }

  private static byte[] cString(byte[] block, int offset, int length) {
    int end = offset;
    while (end < offset + length && block[end] != 0) {
      end++;
    }
    return Arrays.copyOfRange(block, offset, end);
  }
}
