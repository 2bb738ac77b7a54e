package io.cadang.agent.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in the data offsets of a pg_dump custom-format archive that was written to a pipe.
 *
 * <p>When pg_dump writes {@code --format=custom} to a non-seekable output it cannot go back and
 * record where each data block starts, so every TOC entry keeps the "offset not set" flag and each
 * parallel pg_restore worker has to scan the archive chunk by chunk to find its block. {@link
 * #index(Path)} scans the data section once, finds every data block, and writes the block's offset
 * into its TOC entry — exactly the bytes pg_dump itself writes for a seekable output. Nothing else
 * in the file changes, nor its length.
 *
 * <p>The archive layout (PostgreSQL's pg_backup_archiver.c and pg_backup_custom.c, archive versions
 * 1.12 to 1.16):
 *
 * <ul>
 *   <li>int: one sign byte (0 or 1), then {@code intSize} bytes of magnitude, least significant
 *       first; string: int length then that many bytes, length -1 for NULL; offset: one flag byte
 *       (1 not set, 2 set, 3 no data) then {@code offSize} bytes, least significant first.
 *   <li>header: "PGDMP", major, minor, revision, intSize, offSize, format (1 = custom); the
 *       compression algorithm byte (1.15+) or compression level int (before); seven date ints;
 *       database name, server version and pg_dump version strings.
 *   <li>TOC: int count, then per entry: dump id, had-dumper int, table oid, oid, tag, desc strings,
 *       section int, defn, drop, copy, namespace, tablespace strings, tableam string (1.14+),
 *       relkind int (1.16+), owner, with-oids strings, dependency strings ending with NULL, and the
 *       data offset.
 *   <li>data: blocks until end of file, each a type byte (1 table data, 3 large objects) and the
 *       dump id int; table data is chunks (int length, bytes) ending with a zero length; large
 *       objects are (oid int, chunks) pairs ending with oid 0.
 * </ul>
 *
 * <p>Anything not exactly understood — another format or version, other int or offset sizes, a
 * compressed archive, a truncated or inconsistent file — leaves the file untouched: pg_restore
 * still works on it, only slower.
 */
public final class DumpOffsets {
  static final int OFFSET_POS_NOT_SET = 1;
  static final int OFFSET_POS_SET = 2;
  static final int OFFSET_NO_DATA = 3;

  private static final int BLK_DATA = 1;
  private static final int BLK_BLOBS = 3;
  private static final int FORMAT_CUSTOM = 1;
  private static final int INT_SIZE = 4;
  private static final int OFF_SIZE = 8;
  private static final int MIN_MINOR = 12;
  private static final int MAX_MINOR = 16;
  private static final int BUFFER_SIZE = 1 << 20;

  private DumpOffsets() {}

  /** One TOC entry's data offset, as recorded in the archive and as found by the scan. */
  record Entry(int dumpId, String desc, long fieldPos, int flag, long offset, long blockStart) {}

  /**
   * Records the offset of every data block in its TOC entry, in place. Returns the number of
   * entries patched; 0 when there was nothing to do or the file is not an archive this class fully
   * understands, in which case not a byte was changed.
   */
  public static int index(Path archive) throws IOException {
    List<Entry> entries;
    long size;
    try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
      size = ch.size();
      entries = scan(ch, size);
    }
    if (entries == null) {
      return 0;
    }
    List<Entry> todo = new ArrayList<>();
    for (Entry e : entries) {
      if (e.flag() == OFFSET_POS_NOT_SET && e.blockStart() >= 0) {
        todo.add(e);
      }
    }
    if (todo.isEmpty()) {
      return 0;
    }
    try (FileChannel ch =
        FileChannel.open(archive, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (ch.size() != size) {
        return 0; // changed under us
      }
      ByteBuffer field = ByteBuffer.allocate(1 + OFF_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      // Re-read every field first: write nothing unless all are still what the scan saw.
      for (Entry e : todo) {
        field.clear();
        readFully(ch, field, e.fieldPos());
        field.flip();
        if ((field.get() & 0xff) != OFFSET_POS_NOT_SET || field.getLong() != e.offset()) {
          return 0;
        }
      }
      for (Entry e : todo) {
        field.clear();
        field.put((byte) OFFSET_POS_SET).putLong(e.blockStart()).flip();
        long at = e.fieldPos();
        while (field.hasRemaining()) {
          at += ch.write(field, at);
        }
      }
    }
    return todo.size();
  }

  /**
   * Reads the TOC and scans the data section. Returns the TOC's data-bearing entries (flag not "no
   * data") with the block each one's data was found at ({@code blockStart} -1 when none), or null
   * when the file is not an archive this class fully understands.
   */
  static List<Entry> read(Path archive) throws IOException {
    try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ)) {
      return scan(ch, ch.size());
    }
  }

  private static List<Entry> scan(FileChannel ch, long size) throws IOException {
    try {
      return new Scanner(ch, size).run();
    } catch (NotUnderstood e) {
      return null;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at);
      if (n < 0) {
        throw new IOException("archive shrank while being indexed");
      }
      at += n;
    }
  }

  /** The archive is not something this class fully understands; carries no stack trace. */
  private static final class NotUnderstood extends Exception {
    private static final long serialVersionUID = 1L;

    NotUnderstood() {
      super(null, null, false, false);
    }
  }

  private static final class Scanner {
    private final FileChannel ch;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private long bufStart;
    private int minor;

    Scanner(FileChannel ch, long size) {
      this.ch = ch;
      this.size = size;
      buf.order(ByteOrder.LITTLE_ENDIAN).limit(0);
    }

    List<Entry> run() throws IOException, NotUnderstood {
      readHeader();
      // dump id → index in the entry lists
      Map<Integer, Integer> byId = new HashMap<>();
      List<Integer> ids = new ArrayList<>();
      List<String> descs = new ArrayList<>();
      List<long[]> fields = new ArrayList<>(); // fieldPos, flag, offset, blockStart
      long count = readInt();
      if (count < 0 || count > size) {
        throw new NotUnderstood();
      }
      for (long i = 0; i < count; i++) {
        int dumpId = toIntId(readInt());
        readInt(); // had dumper
        skipStr(); // table oid
        skipStr(); // oid
        skipStr(); // tag
        String desc = readStr();
        readInt(); // section
        skipStr(); // defn
        skipStr(); // drop statement
        skipStr(); // copy statement
        skipStr(); // namespace
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
        long fieldPos = pos();
        int flag = u8();
        if (flag != OFFSET_POS_NOT_SET && flag != OFFSET_POS_SET && flag != OFFSET_NO_DATA) {
          throw new NotUnderstood();
        }
        long offset = readOffset();
        if (byId.putIfAbsent(dumpId, ids.size()) != null) {
          throw new NotUnderstood();
        }
        ids.add(dumpId);
        descs.add(desc);
        fields.add(new long[] {fieldPos, flag, offset, -1});
      }
      // Data section: blocks until the end of the file.
      while (pos() < size) {
        long blockStart = pos();
        int type = u8();
        Integer idx = byId.get(toIntId(readInt()));
        if (idx == null) {
          throw new NotUnderstood();
        }
        long[] f = fields.get(idx);
        if (f[1] == OFFSET_NO_DATA || f[3] >= 0) {
          throw new NotUnderstood(); // data for an entry without data, or twice
        }
        boolean blobs = "BLOBS".equals(descs.get(idx));
        if (type == BLK_DATA && !blobs) {
          skipChunks();
        } else if (type == BLK_BLOBS && blobs) {
          while (readInt() != 0) {
            skipChunks();
          }
        } else {
          throw new NotUnderstood();
        }
        f[3] = blockStart;
      }
      List<Entry> out = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        long[] f = fields.get(i);
        if (f[1] != OFFSET_NO_DATA) {
          out.add(new Entry(ids.get(i), descs.get(i), f[0], (int) f[1], f[2], f[3]));
        }
      }
      return out;
    }

    private void readHeader() throws IOException, NotUnderstood {
      byte[] magic = "PGDMP".getBytes(StandardCharsets.US_ASCII);
      for (byte b : magic) {
        if (u8() != b) {
          throw new NotUnderstood();
        }
      }
      int major = u8();
      minor = u8();
      int rev = u8();
      if (major != 1 || minor < MIN_MINOR || minor > MAX_MINOR || rev != 0) {
        throw new NotUnderstood();
      }
      if (u8() != INT_SIZE || u8() != OFF_SIZE || u8() != FORMAT_CUSTOM) {
        throw new NotUnderstood();
      }
      if (minor >= 15) {
        if (u8() != 0) { // compression algorithm: none
          throw new NotUnderstood();
        }
      } else if (readInt() != 0) { // compression level
        throw new NotUnderstood();
      }
      for (int i = 0; i < 7; i++) {
        readInt(); // creation date: sec, min, hour, mday, mon, year, isdst
      }
      skipStr(); // database name
      skipStr(); // server version
      skipStr(); // pg_dump version
    }

    /** Table data chunks: int length then the bytes, a zero length ends the block. */
    private void skipChunks() throws IOException, NotUnderstood {
      while (true) {
        long len;
        if (buf.remaining() >= 1 + INT_SIZE) {
          int sign = buf.get() & 0xff;
          len = buf.getInt() & 0xffffffffL;
          if (sign != 0) {
            throw new NotUnderstood();
          }
        } else {
          len = readInt();
        }
        if (len == 0) {
          return;
        }
        if (len < 0) {
          throw new NotUnderstood();
        }
        skip(len);
      }
    }

    private static int toIntId(long id) throws NotUnderstood {
      if (id <= 0 || id > Integer.MAX_VALUE) {
        throw new NotUnderstood();
      }
      return (int) id;
    }

    private long pos() {
      return bufStart + buf.position();
    }

    private int u8() throws IOException, NotUnderstood {
      if (!buf.hasRemaining()) {
        fill();
      }
      return buf.get() & 0xff;
    }

    private long readInt() throws IOException, NotUnderstood {
      int sign = u8();
      if (sign > 1) {
        throw new NotUnderstood();
      }
      long v = 0;
      for (int i = 0; i < INT_SIZE; i++) {
        v |= ((long) u8()) << (8 * i);
      }
      return sign == 0 ? v : -v;
    }

    private long readOffset() throws IOException, NotUnderstood {
      long v = 0;
      for (int i = 0; i < OFF_SIZE; i++) {
        v |= ((long) u8()) << (8 * i);
      }
      return v;
    }

    /** Skips one string; false when it was NULL. */
    private boolean skipStr() throws IOException, NotUnderstood {
      long len = readInt();
      if (len == -1) {
        return false;
      }
      if (len < 0) {
        throw new NotUnderstood();
      }
      skip(len);
      return true;
    }

    private String readStr() throws IOException, NotUnderstood {
      long len = readInt();
      if (len == -1) {
        return null;
      }
      if (len < 0 || len > size - pos()) {
        throw new NotUnderstood();
      }
      if (len > 4096) {
        skip(len); // not a desc we care about
        return "";
      }
      byte[] b = new byte[(int) len];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) u8();
      }
      return new String(b, StandardCharsets.UTF_8);
    }

    private void skip(long n) throws NotUnderstood {
      if (n <= buf.remaining()) {
        buf.position(buf.position() + (int) n);
        return;
      }
      long target = pos() + n;
      if (target > size) {
        throw new NotUnderstood(); // truncated
      }
      bufStart = target;
      buf.clear().limit(0);
    }

    private void fill() throws IOException, NotUnderstood {
      long p = pos();
      if (p >= size) {
        throw new NotUnderstood(); // truncated
      }
      buf.clear();
      while (buf.hasRemaining()) {
        int n = ch.read(buf, p + buf.position());
        if (n < 0) {
          break;
        }
      }
      buf.flip();
      bufStart = p;
      if (!buf.hasRemaining()) {
        throw new NotUnderstood();
      }
    }
  }
}
