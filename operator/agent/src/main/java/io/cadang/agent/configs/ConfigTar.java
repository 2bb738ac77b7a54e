package io.cadang.agent.configs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The snapshot archive: a POSIX tar of regular files only, with everything that could vary between
 * two runs fixed (mtime 0, uid/gid 0, no user or group names, mode 0644, entries in the given
 * order), so unchanged objects give an identical archive. Paths longer than the 100-byte ustar name
 * field get a pax {@code path} record. Small by nature (configuration, not data), so it is built in
 * memory.
 */
public final class ConfigTar {
  static final int BLOCK = 512;
  private static final int RECORD = 20 * BLOCK;

  /** One file in the archive. */
  public record Entry(String path, byte[] content) {}

  private ConfigTar() {}

  public static byte[] write(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] name = e.path().getBytes(StandardCharsets.UTF_8);
      if (name.length > 100) {
        byte[] pax = paxRecord("path", e.path());
        out.writeBytes(header(truncate("PaxHeaders/" + e.path()), pax.length, 'x'));
        writePadded(out, pax);
      }
      out.writeBytes(header(truncate(e.path()), e.content().length, '0'));
      writePadded(out, e.content());
    }
    out.writeBytes(new byte[2 * BLOCK]);
    int tail = out.size() % RECORD;
    if (tail != 0) {
      out.writeBytes(new byte[RECORD - tail]);
    }
    return out.toByteArray();
  }

  /** Reads back an archive written by {@link #write}; anything malformed is refused. */
  public static List<Entry> read(byte[] tar) throws ConfigsException {
    List<Entry> entries = new ArrayList<>();
    String paxPath = null;
    int pos = 0;
    while (pos + BLOCK <= tar.length) {
      byte[] block = Arrays.copyOfRange(tar, pos, pos + BLOCK);
      if (isZero(block)) {
        return entries;
      }
      checkChecksum(block, pos);
      long size = octal(block, 124, 12);
      char type = (char) block[156];
      int start = pos + BLOCK;
      if (size < 0 || start + size > tar.length) {
        throw new ConfigsException("configs.tar is truncated at offset " + pos);
      }
      byte[] content = Arrays.copyOfRange(tar, start, start + (int) size);
      pos = start + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
      if (type == 'x') {
        paxPath = paxValue(content, "path");
      } else if (type == '0' || type == 0) {
        String path = paxPath != null ? paxPath : string(block, 0, 100);
        entries.add(new Entry(path, content));
        paxPath = null;
      } else {
        paxPath = null; // directories and anything else carry no object
      }
    }
    throw new ConfigsException("configs.tar ends without its end-of-archive marker");
  }

  private static byte[] header(byte[] name, long size, char type) {
    byte[] h = new byte[BLOCK];
    System.arraycopy(name, 0, h, 0, name.length);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    h[263] = '0';
    h[264] = '0';
    Arrays.fill(h, 148, 156, (byte) ' ');
    put(h, 148, String.format("%06o", checksum(h)));
    h[155] = ' ';
    return h;
  }

  /** A pax record {@code "<len> key=value\n"}, where len counts the whole record. */
  private static byte[] paxRecord(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int len = body + Integer.toString(body).length();
    if (Integer.toString(len).length() != Integer.toString(body).length()) {
      len++;
    }
    return (len + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String paxValue(byte[] records, String key) {
    String text = new String(records, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp > 0 && line.startsWith(key + "=", sp + 1)) {
        return line.substring(sp + 2 + key.length());
      }
    }
    return null;
  }

  private static byte[] truncate(String path) {
    byte[] b = path.getBytes(StandardCharsets.UTF_8);
    return b.length <= 100 ? b : Arrays.copyOf(b, 100);
  }

  private static void writePadded(ByteArrayOutputStream out, byte[] data) {
    out.writeBytes(data);
    int pad = (BLOCK - data.length % BLOCK) % BLOCK;
    out.writeBytes(new byte[pad]);
  }

  private static void put(byte[] h, int offset, String ascii) {
    byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }

  private static long checksum(byte[] h) {
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    return sum;
  }

  private static void checkChecksum(byte[] block, int pos) throws ConfigsException {
    long stored = octal(block, 148, 8);
    byte[] copy = block.clone();
    Arrays.fill(copy, 148, 156, (byte) ' ');
    if (stored != checksum(copy)) {
      throw new ConfigsException("configs.tar has a corrupt header at offset " + pos);
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static long octal(byte[] b, int offset, int length) {
    long v = 0;
    boolean any = false;
    for (int i = offset; i < offset + length; i++) {
      int c = b[i] & 0xff;
      if (c == 0 || c == ' ') {
        if (any) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        return -1;
      }
      v = v * 8 + (c - '0');
      any = true;
    }
    return v;
  }

  private static String string(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }
}
