package io.cadang.agent.physical;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Watches a tar stream as it passes through to the repository, without buffering it: keeps the
 * small {@code backup_label} and the tail of {@code backup_manifest} (where its WAL range sits) and
 * notices the end-of-archive marker, so a stream cut short by a dying pg_basebackup is recognised
 * even when the process exit code alone would not tell.
 */
final class TarSniffer extends FilterInputStream {
  private static final int LABEL_LIMIT = 64 * 1024;
  private static final int MANIFEST_TAIL = 16 * 1024;

  private final byte[] header = new byte[TarHeader.BLOCK];
  private int headerFill;
  private long dataLeft;
  private long dataPayloadLeft;
  private String current;
  private int zeroBlocks;
  private long entries;
  private final ByteArrayOutputStream label = new ByteArrayOutputStream();
  private byte[] manifestTail = new byte[0];
  private final ByteArrayOutputStream controlHead = new ByteArrayOutputStream();

  TarSniffer(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      observe(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    return Math.max(0, read(scratch, 0, scratch.length));
  }

  private void observe(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      if (dataLeft > 0) {
        int take = (int) Math.min(dataLeft, end - i);
        int payload = (int) Math.min(dataPayloadLeft, take);
        capture(b, i, payload);
        dataPayloadLeft -= payload;
        dataLeft -= take;
        i += take;
        continue;
      }
      int take = Math.min(TarHeader.BLOCK - headerFill, end - i);
      System.arraycopy(b, i, header, headerFill, take);
      headerFill += take;
      i += take;
      if (headerFill == TarHeader.BLOCK) {
        headerFill = 0;
        onHeader();
      }
    }
  }

  private void onHeader() {
    if (TarHeader.isZeroBlock(header)) {
      zeroBlocks++;
      return;
    }
    zeroBlocks = 0;
    TarHeader h = TarHeader.parse(header);
    entries++;
    current = h.name();
    dataPayloadLeft = h.size();
    dataLeft = h.paddedSize();
  }

  private void capture(byte[] b, int off, int len) {
    if ("global/pg_control".equals(current)) {
      controlHead.write(b, off, Math.min(len, Math.max(0, 8 - controlHead.size())));
    } else if ("backup_label".equals(current)) {
      label.write(b, off, Math.min(len, Math.max(0, LABEL_LIMIT - label.size())));
    } else if ("backup_manifest".equals(current)) {
      if (len > MANIFEST_TAIL) {
        off += len - MANIFEST_TAIL;
        len = MANIFEST_TAIL;
      }
      byte[] joined = Arrays.copyOf(manifestTail, manifestTail.length + len);
      System.arraycopy(b, off, joined, manifestTail.length, len);
      manifestTail =
          joined.length <= MANIFEST_TAIL
              ? joined
              : Arrays.copyOfRange(joined, joined.length - MANIFEST_TAIL, joined.length);
    }
  }

  /** True once the two zero blocks that end a tar archive went past. */
  boolean complete() {
    return zeroBlocks >= 2 && dataLeft == 0;
  }

  long entries() {
    return entries;
  }

  /** backup_label's text, or null when the stream had none. */
  String backupLabel() {
    return label.size() == 0 ? null : label.toString(StandardCharsets.UTF_8);
  }

  /**
   * The system identifier in the backup's own {@code global/pg_control} (its first field, a uint64
   * in the server's byte order, little-endian on every platform we ship for), or null.
   */
  String controlSystemIdentifier() {
    if (controlHead.size() < 8) {
      return null;
    }
    byte[] b = controlHead.toByteArray();
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return Long.toUnsignedString(v);
  }

  /** The last bytes of backup_manifest (its WAL range), or null without a manifest. */
  String manifestTail() {
    return manifestTail.length == 0 ? null : new String(manifestTail, StandardCharsets.UTF_8);
  }
}
