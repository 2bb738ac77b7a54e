package io.cadang.agent.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Follows a POSIX (pax) tar stream as GNU tar writes it, byte chunk by byte chunk, and reports
 * every member with the SHA-256 of each regular file's content. It is push-driven so it can sit
 * inside a pipeline without buffering: the backup feeds it the bytes on their way to the
 * repository, the restore feeds it the bytes on their way to {@code tar --extract} (refusing unsafe
 * names first), and verification feeds it a fresh tar of the restored tree.
 *
 * <p>Understood: ustar headers (prefix + name), pax local and global records (path, linkpath, size,
 * uid, gid, mtime; values kept as raw bytes, since GNU tar stores names that are not valid UTF-8
 * verbatim), GNU long names, and GNU sparse format 1.0 (the map at the start of the data, holes
 * hashed as the zeros they read as). Anything else is refused rather than misread.
 */
final class TarStreamParser {
  private static final int MAX_EXTENDED = 16 << 20;
  private static final byte[] ZEROS = new byte[64 * 1024];

  /** What the parser reports. */
  interface Listener {
    /** A member's header is complete; called before any of its data. May refuse the member. */
    default void member(byte[] path, FileEntry.Type type, byte[] linkTarget) throws IOException {}

    /** A member is complete (for a regular file: after its last data byte). */
    void entry(FileEntry entry) throws IOException;
  }

  private enum State {
    HEADER,
    EXTENDED,
    SPARSE_MAP,
    DATA,
    END
  }

  private final Listener listener;
  private final byte[] block = new byte[TarHeaderBlock.BLOCK];
  private State state = State.HEADER;
  private int fill;
  private int zeroBlocks;
  private long payloadLeft;
  private long dataLeft;

  private char extendedType;
  private final ByteArrayOutputStream extended = new ByteArrayOutputStream();
  private final Map<String, byte[]> globalPax = new HashMap<>();
  private Map<String, byte[]> pax = new HashMap<>();
  private byte[] longName;
  private byte[] longLink;

  private TarHeaderBlock header;
  private byte[] path;
  private byte[] link;
  private FileEntry.Type type;
  private long uid;
  private long gid;
  private long mtime;
  private MessageDigest digest;
  private SparseMap sparse;
  private long realSize;
  private long logicalPos;

  TarStreamParser(Listener listener) {
    this.listener = listener;
  }

  void accept(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    while (off < end) {
      switch (state) {
        case HEADER, SPARSE_MAP -> {
          int take = Math.min(TarHeaderBlock.BLOCK - fill, end - off);
          System.arraycopy(b, off, block, fill, take);
          fill += take;
          off += take;
          if (fill == TarHeaderBlock.BLOCK) {
            fill = 0;
            if (state == State.HEADER) {
              onHeader();
            } else {
              onSparseMapBlock();
            }
          }
        }
        case EXTENDED, DATA -> {
          int take = (int) Math.min(dataLeft, end - off);
          int payload = (int) Math.min(payloadLeft, take);
          if (payload > 0) {
            if (state == State.EXTENDED) {
              extended.write(b, off, payload);
            } else if (digest != null) {
              content(b, off, payload);
            }
            payloadLeft -= payload;
          }
          dataLeft -= take;
          off += take;
          if (dataLeft == 0) {
            state = State.HEADER;
            if (extendedType != 0) {
              onExtended();
            } else {
              finishMember();
            }
          }
        }
        case END -> {
          // GNU tar pads the archive to its record size with zeros; nothing else may follow.
          for (; off < end; off++) {
            if (b[off] != 0) {
              throw new IOException("the archive has data after its end-of-archive marker");
            }
          }
        }
      }
    }
  }

  /** Throws unless the stream ended at the end-of-archive marker. */
  void finish() throws IOException {
    if (state != State.END) {
      throw new IOException("the tar stream is truncated (no end-of-archive marker)");
    }
  }

  private void onHeader() throws IOException {
    if (TarHeaderBlock.isZero(block)) {
      if (++zeroBlocks == 2) {
        state = State.END;
      }
      return;
    }
    if (zeroBlocks > 0) {
      throw new IOException("the archive has a zero block in the middle of its tar stream");
    }
    header = TarHeaderBlock.parse(block);
    switch (header.type()) {
      case 'x', 'g', 'L', 'K' -> {
        if (header.size() > MAX_EXTENDED) {
          throw new IOException("the archive has an oversized extended header");
        }
        extendedType = header.type();
        extended.reset();
        startData(header.size(), State.EXTENDED);
        return;
      }
      default -> startMember();
    }
  }

  private void onExtended() throws IOException {
    byte[] data = extended.toByteArray();
    switch (extendedType) {
      case 'x' -> pax.putAll(PaxRecords.parse(data));
      case 'g' -> globalPax.putAll(PaxRecords.parse(data));
      case 'L' -> longName = trimNul(data);
      case 'K' -> longLink = trimNul(data);
      default -> throw new IllegalStateException("extended type " + extendedType);
    }
    extendedType = 0;
  }

  private void startMember() throws IOException {
    Map<String, byte[]> values = new HashMap<>(globalPax);
    values.putAll(pax);
    pax = new HashMap<>();
    byte[] name = first(values.get("GNU.sparse.name"), values.get("path"), longName, header.name());
    path = normalize(name);
    link = first(values.get("linkpath"), longLink, header.linkName());
    longName = null;
    longLink = null;
    uid = number(values, "uid", header.uid());
    gid = number(values, "gid", header.gid());
    mtime = number(values, "mtime", header.mtime());
    long size = number(values, "size", header.size());
    type = typeOf(header.type());
    if (type == FileEntry.Type.HARDLINK) {
      link = normalize(link);
    }
    listener.member(path, type, link);
    sparse = null;
    digest = null;
    logicalPos = 0;
    realSize = size;
    if (type == FileEntry.Type.FILE) {
      digest = sha256();
      if (values.containsKey("GNU.sparse.major")) {
        if (!"1".equals(text(values.get("GNU.sparse.major")))
            || !"0".equals(text(values.get("GNU.sparse.minor")))) {
          throw new IOException("the archive uses an unsupported sparse file format");
        }
        realSize = number(values, "GNU.sparse.realsize", -1);
        sparse = new SparseMap();
        startData(size, State.SPARSE_MAP);
        return;
      }
    }
    startData(size, State.DATA);
  }

  private void startData(long size, State next) throws IOException {
    payloadLeft = size;
    dataLeft = (size + TarHeaderBlock.BLOCK - 1) / TarHeaderBlock.BLOCK * TarHeaderBlock.BLOCK;
    state = next;
    if (dataLeft == 0) {
      state = State.HEADER;
      if (next == State.EXTENDED) {
        onExtended();
      } else if (next == State.SPARSE_MAP) {
        throw new IOException("the archive has a sparse file without its map");
      } else {
        finishMember();
      }
    }
  }

  private void onSparseMapBlock() throws IOException {
    payloadLeft -= TarHeaderBlock.BLOCK;
    dataLeft -= TarHeaderBlock.BLOCK;
    if (payloadLeft < 0) {
      throw new IOException("the archive has a truncated sparse map");
    }
    if (sparse.read(block)) {
      state = State.DATA;
      if (dataLeft == 0) {
        state = State.HEADER;
        finishMember();
      }
    }
  }

  private void content(byte[] b, int off, int len) throws IOException {
    if (sparse == null) {
      digest.update(b, off, len);
      logicalPos += len;
      return;
    }
    while (len > 0) {
      while (sparse.segmentLeft == 0) {
        zerosTo(sparse.nextSegment());
      }
      int take = (int) Math.min(len, sparse.segmentLeft);
      digest.update(b, off, take);
      logicalPos += take;
      sparse.segmentLeft -= take;
      off += take;
      len -= take;
    }
  }

  private void zerosTo(long target) throws IOException {
    if (target < logicalPos || target > realSize) {
      throw new IOException("the archive has an inconsistent sparse map");
    }
    while (logicalPos < target) {
      int n = (int) Math.min(ZEROS.length, target - logicalPos);
      digest.update(ZEROS, 0, n);
      logicalPos += n;
    }
  }

  private void finishMember() throws IOException {
    String sha = null;
    long size = 0;
    if (type == FileEntry.Type.FILE) {
      if (sparse != null) {
        if (sparse.segmentLeft != 0 || sparse.hasDataLeft()) {
          throw new IOException("the archive's sparse data is shorter than its map");
        }
        zerosTo(realSize);
      }
      size = logicalPos;
      sha = HexFormat.of().formatHex(digest.digest());
    }
    listener.entry(
        new FileEntry(
            path, type, size, header.mode() & 07777, uid, gid, mtime, sha, emptyToNull(link)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static FileEntry.Type typeOf(char t) throws IOException {
    return switch (t) {
      case '0', '\0', '7' -> FileEntry.Type.FILE;
      case '1' -> FileEntry.Type.HARDLINK;
      case '2' -> FileEntry.Type.SYMLINK;
      case '5' -> FileEntry.Type.DIR;
      case '3', '4', '6' -> FileEntry.Type.OTHER;
      default ->
          throw new IOException("the archive has a member of unsupported tar type '" + t + "'");
    };
  }

  /** Archive names as the index keeps them: no leading {@code ./}, no trailing slash. */
  static byte[] normalize(byte[] name) {
    int from = 0;
    int to = name.length;
    while (to - from >= 2 && name[from] == '.' && name[from + 1] == '/') {
      from += 2;
      while (from < to && name[from] == '/') {
        from++;
      }
    }
    while (to - from > 1 && name[to - 1] == '/') {
      to--;
    }
    if (to == from || (to - from == 1 && name[from] == '.')) {
      return new byte[] {'.'};
    }
    return java.util.Arrays.copyOfRange(name, from, to);
  }

  private static long number(Map<String, byte[]> values, String key, long fallback)
      throws IOException {
    byte[] v = values.get(key);
    if (v == null) {
      return fallback;
    }
    String s = text(v);
    int dot = s.indexOf('.');
    try {
      // pax times have a fraction; the index keeps whole seconds (floor, also before 1970).
      if (dot >= 0) {
        return new java.math.BigDecimal(s).setScale(0, java.math.RoundingMode.FLOOR).longValue();
      }
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IOException("the archive has a malformed pax '" + key + "' record");
    }
  }

  private static String text(byte[] v) {
    return v == null ? null : new String(v, StandardCharsets.US_ASCII);
  }

  @SafeVarargs
  private static <T> T first(T... candidates) {
    for (T c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static byte[] trimNul(byte[] data) {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return java.util.Arrays.copyOf(data, end);
  }

  private static byte[] emptyToNull(byte[] b) {
    return b == null || b.length == 0 ? null : b;
  }
}
