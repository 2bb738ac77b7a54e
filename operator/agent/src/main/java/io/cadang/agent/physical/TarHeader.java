package io.cadang.agent.physical;

import java.nio.charset.StandardCharsets;

/**
 * One 512-byte ustar header as pg_basebackup writes it (src/port/tar.c): name (with the ustar
 * prefix when present), octal mode, size in octal or, above 8 GiB, GNU base-256, type flag and link
 * target. The header checksum is verified, so a corrupted tar stream fails at its first bad header
 * instead of being extracted as garbage.
 */
record TarHeader(String name, int mode, long size, char type, String linkName) {
  static final int BLOCK = 512;

  static final char FILE = '0';
  static final char DIRECTORY = '5';
  static final char SYMLINK = '2';

  /** The padded length of the entry's data in the stream. */
  long paddedSize() {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  boolean isFile() {
    return type == FILE || type == '\0';
  }

  /** True when the block is all zeros: two of them end the archive. */
  static boolean isZeroBlock(byte[] block) {
    for (int i = 0; i < BLOCK; i++) {
      if (block[i] != 0) {
        return false;
      }
    }
    return true;
  }

  static TarHeader parse(byte[] block) {
    long stored = octal(block, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
    }
    if (sum != stored) {
      throw new IllegalStateException("tar header checksum mismatch: the base backup is corrupt");
    }
    String name = string(block, 0, 100);
    if ("ustar".equals(string(block, 257, 6))) {
      String prefix = string(block, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    return new TarHeader(
        name,
        (int) octal(block, 100, 8),
        size(block),
        (char) (block[156] & 0xff),
        string(block, 157, 100));
  }

  private static long size(byte[] block) {
    if ((block[124] & 0x80) != 0) {
      // GNU base-256: the remaining bits of the 12-byte field, big-endian.
      long v = block[124] & 0x7f;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (block[i] & 0xff);
      }
      return v;
    }
    return octal(block, 124, 12);
  }

  private static long octal(byte[] block, int offset, int length) {
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
        throw new IllegalStateException(
            "tar header has a malformed number: the base backup is corrupt");
      }
      v = v * 8 + (c - '0');
      any = true;
    }
    return v;
  }

  private static String string(byte[] block, int offset, int length) {
    int end = offset;
    while (end < offset + length && block[end] != 0) {
      end++;
    }
    return new String(block, offset, end - offset, StandardCharsets.UTF_8);
  }
}
