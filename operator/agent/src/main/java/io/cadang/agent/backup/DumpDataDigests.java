package io.cadang.agent.backup;

import io.cadang.agent.postgres.CopyDigest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Watches an uncompressed pg_dump custom-format archive go by and digests each table's COPY data
 * ({@link CopyDigest}), so content checksums cost no second scan of the database. Fed every byte of
 * the stream in order ({@link #feed}); it never changes or holds back the stream.
 *
 * <p>The layout is the one {@code restore.DumpOffsets} documents (archive versions 1.12 to 1.16):
 * header and TOC first — kept in memory until parsed, a TOC being the schema's size — then data
 * blocks, each a type byte and a dump id, table data as chunks (int length, bytes) ending with a
 * zero length, large objects as (oid, chunks) pairs ending with oid 0. Anything not exactly
 * understood (another version, a compressed archive, more than {@link #MAX_TOC_BYTES} of TOC) turns
 * it off: {@link #digests()} is then empty and the caller falls back to checksums in SQL.
 */
final class DumpDataDigests {
  static final int MAX_TOC_BYTES = 16 << 20;
  private static final int BLK_DATA = 1;
  private static final int BLK_BLOBS = 3;
  private static final int INT_SIZE = 4;
  private static final int OFF_SIZE = 8;

  /** A table's data entry in the TOC. */
  record TableKey(String schema, String table) {}

  private enum Phase {
    TOC,
    BLOCK_TYPE,
    DUMP_ID,
    CHUNK_LEN,
    CHUNK,
    BLOB_OID,
    FAILED
  }

  private Phase phase = Phase.TOC;
  private ByteArrayOutputStream toc = new ByteArrayOutputStream();
  private final Map<Integer, TableKey> tableData = new HashMap<>();
  private final Map<TableKey, CopyDigest> digests = new LinkedHashMap<>();
  private String failure;

  // The int being read (sign byte + INT_SIZE bytes) and what the block is.
  private final byte[] intBytes = new byte[1 + INT_SIZE];
  private int intHave;
  private int blockType;
  private boolean inBlob;
  private CopyDigest current;
  private long chunkLeft;
  private final HeldTail tail = new HeldTail();

  /** Every byte of the archive, in order. */
  void feed(byte[] b, int off, int len) {
    try {
      int i = off;
      int end = off + len;
      while (i < end && phase != Phase.FAILED) {
        i = step(b, i, end);
      }
    } catch (NotUnderstood | RuntimeException e) {
      fail(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * Each table's digest, or empty when the archive was not fully understood or ended inside a
   * block.
   */
  Optional<Map<TableKey, CopyDigest>> digests() {
    if (phase != Phase.BLOCK_TYPE) {
      return Optional.empty(); // failed, or ended inside the TOC or a block
    }
    return Optional.of(digests);
  }

  /** Why {@link #digests()} is empty, for the log. */
  String failure() {
    return failure != null ? failure : "the archive ended inside " + phase;
  }

  private void fail(String why) {
    phase = Phase.FAILED;
    failure = why;
    toc = null;
    digests.clear();
  }

  private int step(byte[] b, int i, int end) throws NotUnderstood {
    switch (phase) {
      case TOC:
        return tocBytes(b, i, end);
      case BLOCK_TYPE:
        blockType = b[i] & 0xff;
        if (blockType != BLK_DATA && blockType != BLK_BLOBS) {
          throw new NotUnderstood("unknown block type " + blockType);
        }
        phase = Phase.DUMP_ID;
        intHave = 0;
        return i + 1;
      case DUMP_ID:
        {
          int j = readInt(b, i, end);
          if (intHave == intBytes.length) {
            long id = intValue();
            current = blockType == BLK_DATA ? digestOf((int) id) : null;
            inBlob = false;
            phase = blockType == BLK_DATA ? Phase.CHUNK_LEN : Phase.BLOB_OID;
            intHave = 0;
          }
          return j;
        }
      case BLOB_OID:
        {
          int j = readInt(b, i, end);
          if (intHave == intBytes.length) {
            long oid = intValue();
            intHave = 0;
            if (oid == 0) {
              phase = Phase.BLOCK_TYPE;
            } else {
              inBlob = true;
              phase = Phase.CHUNK_LEN;
            }
          }
          return j;
        }
      case CHUNK_LEN:
        {
          int j = readInt(b, i, end);
          if (intHave == intBytes.length) {
            long len = intValue();
            intHave = 0;
            if (len < 0) {
              throw new NotUnderstood("negative chunk length");
            }
            if (len == 0) {
              if (!inBlob && current != null) {
                tail.finish(current);
              }
              phase = inBlob ? Phase.BLOB_OID : Phase.BLOCK_TYPE;
            } else {
              chunkLeft = len;
              phase = Phase.CHUNK;
            }
          }
          return j;
        }
      case CHUNK:
        {
          int n = (int) Math.min(chunkLeft, end - i);
          if (current != null) {
            if (inBlob) {
              current = null; // large objects are not table data
            } else {
              tail.add(current, b, i, n);
            }
          }
          chunkLeft -= n;
          if (chunkLeft == 0) {
            phase = Phase.CHUNK_LEN;
          }
          return i + n;
        }
      default:
        return end;
    }
  }

  private CopyDigest digestOf(int dumpId) {
    TableKey key = tableData.get(dumpId);
    if (key == null) {
      return null; // data of something else (sequence values come as SQL, not blocks)
    }
    return digests.computeIfAbsent(key, k -> new CopyDigest());
  }

  /** Collects the header and TOC until they parse, then hands the rest to the data section. */
  private int tocBytes(byte[] b, int i, int end) throws NotUnderstood {
    int before = toc.size();
    toc.write(b, i, end - i);
    if (toc.size() > MAX_TOC_BYTES) {
      throw new NotUnderstood("TOC larger than " + MAX_TOC_BYTES + " bytes");
    }
    byte[] all = toc.toByteArray();
    int tocEnd;
    try {
      tocEnd = new TocReader(all).read(tableData);
    } catch (Underflow u) {
      tableData.clear();
      return end;
    }
    toc = null;
    phase = Phase.BLOCK_TYPE;
    // The bytes of this call after the TOC are data: continue there.
    return i + (tocEnd - before);
  }

  /** Accumulates one int field across calls; returns where this call's bytes continue. */
  private int readInt(byte[] b, int i, int end) {
    while (intHave < intBytes.length && i < end) {
      intBytes[intHave++] = b[i++];
    }
    return i;
  }

  private long intValue() throws NotUnderstood {
    int sign = intBytes[0] & 0xff;
    if (sign > 1) {
      throw new NotUnderstood("bad int sign byte " + sign);
    }
    long v = 0;
    for (int k = 0; k < INT_SIZE; k++) {
      v |= ((long) (intBytes[1 + k] & 0xff)) << (8 * k);
    }
    return sign == 0 ? v : -v;
  }

  /**
   * A table's data on its way into the digest. pg_dump writes every COPY row as a chunk of its own,
   * so rows are gathered here and digested in large runs, not one call per row. The last bytes stay
   * until the block ends: pg_dump ends COPY data with the end-of-data marker ({@code \.} and
   * newlines), which {@code COPY ... TO STDOUT} does not send, so it must not be digested. Matched
   * at the end rather than per chunk, because nothing promises the marker a chunk of its own.
   */
  static final class HeldTail {
    static final int HOLD = 16;
    private final byte[] buf = new byte[1 << 16];
    private int length;

    void add(CopyDigest digest, byte[] b, int off, int len) {
      while (len > 0) {
        if (length == buf.length) {
          // Full: digest all but the newest HOLD bytes, which may still turn out to be the marker.
          digest.update(buf, 0, length - HOLD);
          System.arraycopy(buf, length - HOLD, buf, 0, HOLD);
          length = HOLD;
        }
        int n = Math.min(len, buf.length - length);
        System.arraycopy(b, off, buf, length, n);
        length += n;
        off += n;
        len -= n;
      }
    }

    /** The block ended: digests what is held, less a trailing end-of-data marker. */
    void finish(CopyDigest digest) {
      int end = length;
      while (end > 0 && buf[end - 1] == '\n') {
        end--;
      }
      boolean marker =
          end >= 2
              && buf[end - 2] == '\\'
              && buf[end - 1] == '.'
              && end < length
              && (end == 2 || buf[end - 3] == '\n');
      digest.update(buf, 0, marker ? end - 2 : length);
      length = 0;
    }
  }

  /** Not enough bytes yet for the header and TOC. */
  private static final class Underflow extends Exception {
    private static final long serialVersionUID = 1L;

    Underflow() {
      super(null, null, false, false);
    }
  }

  private static final class NotUnderstood extends Exception {
    private static final long serialVersionUID = 1L;

    NotUnderstood(String message) {
      super(message, null, false, false);
    }
  }

  /** The header and TOC over the bytes seen so far. */
  private static final class TocReader {
    private final byte[] b;
    private int pos;
    private int minor;

    TocReader(byte[] b) {
      this.b = b;
    }

    /** Fills {@code tableData} with the TABLE DATA entries; returns where the TOC ends. */
    int read(Map<Integer, TableKey> tableData) throws Underflow, NotUnderstood {
      header();
      long count = readInt();
      if (count < 0) {
        throw new NotUnderstood("negative TOC size");
      }
      for (long e = 0; e < count; e++) {
        long dumpId = readInt();
        readInt(); // had dumper
        skipStr(); // table oid
        skipStr(); // oid
        String tag = readStr();
        String desc = readStr();
        readInt(); // section
        skipStr(); // defn
        skipStr(); // drop statement
        skipStr(); // copy statement
        String namespace = readStr();
        skipStr(); // tablespace
        if (minor >= 14) {
          skipStr(); // table access method
        }
        if (minor >= 16) {
          readInt(); // relkind
        }
        skipStr(); // owner
        skipStr(); // with oids
        while (skipStr()) {
          // dependencies, ending with NULL
        }
        u8(); // offset flag
        skip(OFF_SIZE);
        if ("TABLE DATA".equals(desc) && tag != null && namespace != null) {
          if (dumpId <= 0 || dumpId > Integer.MAX_VALUE) {
            throw new NotUnderstood("bad dump id " + dumpId);
          }
          tableData.put((int) dumpId, new TableKey(namespace, tag));
        }
      }
      return pos;
    }

    private void header() throws Underflow, NotUnderstood {
      for (byte m : "PGDMP".getBytes(StandardCharsets.US_ASCII)) {
        if (u8() != m) {
          throw new NotUnderstood("not a pg_dump custom archive");
        }
      }
      int major = u8();
      minor = u8();
      int rev = u8();
      if (major != 1 || minor < 12 || minor > 16 || rev != 0) {
        throw new NotUnderstood("archive version " + major + "." + minor + "." + rev);
      }
      if (u8() != INT_SIZE || u8() != OFF_SIZE || u8() != 1) {
        throw new NotUnderstood("int or offset size, or not the custom format");
      }
      if (minor >= 15) {
        if (u8() != 0) {
          throw new NotUnderstood("a compressed archive");
        }
      } else if (readInt() != 0) {
        throw new NotUnderstood("a compressed archive");
      }
      for (int k = 0; k < 7; k++) {
        readInt(); // creation date
      }
      skipStr(); // database name
      skipStr(); // server version
      skipStr(); // pg_dump version
    }

    private int u8() throws Underflow {
      if (pos >= b.length) {
        throw new Underflow();
      }
      return b[pos++] & 0xff;
    }

    private long readInt() throws Underflow, NotUnderstood {
      int sign = u8();
      if (sign > 1) {
        throw new NotUnderstood("bad int sign byte " + sign);
      }
      long v = 0;
      for (int k = 0; k < INT_SIZE; k++) {
        v |= ((long) u8()) << (8 * k);
      }
      return sign == 0 ? v : -v;
    }

    private void skip(long n) throws Underflow {
      if (b.length - pos < n) {
        throw new Underflow();
      }
      pos += (int) n;
    }

    private boolean skipStr() throws Underflow, NotUnderstood {
      long len = readInt();
      if (len == -1) {
        return false;
      }
      if (len < 0) {
        throw new NotUnderstood("bad string length " + len);
      }
      skip(len);
      return true;
    }

    private String readStr() throws Underflow, NotUnderstood {
      long len = readInt();
      if (len == -1) {
        return null;
      }
      if (len < 0) {
        throw new NotUnderstood("bad string length " + len);
      }
      if (b.length - pos < len) {
        throw new Underflow();
      }
      String s = new String(b, pos, (int) len, StandardCharsets.UTF_8);
      pos += (int) len;
      return s;
    }
  }
}
