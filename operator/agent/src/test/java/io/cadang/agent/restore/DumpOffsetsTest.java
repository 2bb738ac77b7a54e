package io.cadang.agent.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DumpOffsets} on archives written here in the custom format's layout: every archive version
 * it claims to know, refusal of the ones it does not, and the speed of the scan on a 500 MB archive
 * of 5 million chunks.
 */
class DumpOffsetsTest {
  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(ints = {12, 13, 14, 15, 16})
  void indexesEveryKnownVersion(int minor) throws Exception {
    Path file = work.resolve("v" + minor);
    List<Long> blocks = new Fake(minor).tables(3, 50, 40).blobs(2).write(file);
    byte[] before = Files.readAllBytes(file);

    assertEquals(4, DumpOffsets.index(file));

    assertEquals(before.length, Files.size(file));
    List<DumpOffsets.Entry> entries = DumpOffsets.read(file);
    assertEquals(4, entries.size());
    for (int i = 0; i < entries.size(); i++) {
      assertEquals(DumpOffsets.OFFSET_POS_SET, entries.get(i).flag());
      assertEquals(blocks.get(i), entries.get(i).offset());
    }
  }

  @Test
  void refusesWhatItDoesNotKnow() throws Exception {
    assertRefused(new Fake(11));
    assertRefused(new Fake(17));
    assertRefused(new Fake(14).revision(1));
    assertRefused(new Fake(14).intSize(8));
    assertRefused(new Fake(14).format(5));
    assertRefused(new Fake(14).compression(6));
    assertRefused(new Fake(16).compression(2));
    assertRefused(new Fake(14).trailingGarbage());
    assertRefused(new Fake(14).blockTypeFor(2));
  }

  /** 500 MB, 5 million chunks in 10 tables: the scan must take well under a second. */
  @Test
  void scansFiveHundredMegabytesQuickly() throws Exception {
    Path file = work.resolve("big");
    List<Long> blocks = new Fake(14).tables(10, 500_000, 100).write(file);
    assertTrue(Files.size(file) > 500_000_000L);
    long best = Long.MAX_VALUE;
    long t = System.nanoTime();
    int patched = DumpOffsets.index(file);
    long first = System.nanoTime() - t;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      DumpOffsets.read(file);
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf(
        "DumpOffsets: %d MB, 5000000 chunks: index() %d ms (first call), scan %d ms (best of 3)%n",
        Files.size(file) >> 20, first / 1_000_000, best / 1_000_000);
    assertEquals(10, patched);
    List<DumpOffsets.Entry> entries = DumpOffsets.read(file);
    for (int i = 0; i < 10; i++) {
      assertEquals(blocks.get(i), entries.get(i).offset());
    }
    assertTrue(best < 2_000_000_000L, "scan took " + best / 1_000_000 + " ms");
  }

  private void assertRefused(Fake fake) throws IOException {
    Path file = work.resolve("refused");
    Files.deleteIfExists(file);
    fake.tables(2, 10, 30).write(file);
    byte[] before = Files.readAllBytes(file);
    assertEquals(0, DumpOffsets.index(file));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  /** Writes a custom-format archive the way pg_dump does to a pipe: no offsets in the TOC. */
  private static final class Fake {
    private final int minor;
    private int revision;
    private int intSize = 4;
    private int format = 1;
    private int compression;
    private boolean garbage;
    private int dataBlockType = 1;
    private int tables;
    private int chunks;
    private int chunkBytes;
    private int blobs;
    private OutputStream out;
    private long written;

    Fake(int minor) {
      this.minor = minor;
    }

    Fake revision(int r) {
      revision = r;
      return this;
    }

    Fake intSize(int s) {
      intSize = s;
      return this;
    }

    Fake format(int f) {
      format = f;
      return this;
    }

    Fake compression(int c) {
      compression = c;
      return this;
    }

    Fake trailingGarbage() {
      garbage = true;
      return this;
    }

    Fake blockTypeFor(int t) {
      dataBlockType = t;
      return this;
    }

    Fake tables(int n, int chunksEach, int bytesEach) {
      tables = n;
      chunks = chunksEach;
      chunkBytes = bytesEach;
      return this;
    }

    Fake blobs(int n) {
      blobs = n;
      return this;
    }

    /** Returns the offsets of the data blocks, in TOC order. */
    List<Long> write(Path file) throws IOException {
      List<Long> blocks = new ArrayList<>();
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
        out = o;
        bytes("PGDMP".getBytes(StandardCharsets.US_ASCII));
        byte_(1);
        byte_(minor);
        byte_(revision);
        byte_(intSize);
        byte_(8);
        byte_(format);
        if (minor >= 15) {
          byte_(compression);
        } else {
          int_(compression);
        }
        for (int v : new int[] {5, 4, 3, 2, 1, 126, 0}) {
          int_(v);
        }
        str("shop");
        str("15.8");
        str("15.8");
        int dataEntries = tables + (blobs > 0 ? 1 : 0);
        int_(2 + dataEntries);
        entry(1, "ENCODING", false);
        entry(2, "STDSTRINGS", false);
        for (int t = 0; t < tables; t++) {
          entry(10 + t, "TABLE DATA", true);
        }
        if (blobs > 0) {
          entry(10 + tables, "BLOBS", true);
        }
        byte[] payload = new byte[chunkBytes];
        for (int t = 0; t < tables; t++) {
          blocks.add(written);
          byte_(dataBlockType);
          int_(10 + t);
          for (int c = 0; c < chunks; c++) {
            payload[0] = (byte) c;
            int_(payload.length);
            bytes(payload);
          }
          int_(0);
        }
        if (blobs > 0) {
          blocks.add(written);
          byte_(3);
          int_(10 + tables);
          for (int b = 0; b < blobs; b++) {
            int_(16_384 + b);
            int_(3);
            bytes(new byte[] {'l', 'o', 'b'});
            int_(0);
          }
          int_(0);
        }
        if (garbage) {
          byte_(9);
        }
      }
      return blocks;
    }

    private void entry(int dumpId, String desc, boolean data) throws IOException {
      int_(dumpId);
      int_(data ? 1 : 0);
      str("1259");
      str(Integer.toString(16_000 + dumpId));
      str("t" + dumpId);
      str(desc);
      int_(data ? 3 : 1);
      str("");
      str("");
      str(data ? "COPY t FROM stdin;\n" : null);
      str("public");
      str("");
      if (minor >= 14) {
        str(data ? "heap" : null);
      }
      if (minor >= 16) {
        int_(data ? 'r' : 0);
      }
      str("postgres");
      str("false");
      if (data) {
        str(Integer.toString(dumpId - 5));
      }
      str(null);
      byte_(data ? DumpOffsets.OFFSET_POS_NOT_SET : DumpOffsets.OFFSET_NO_DATA);
      bytes(new byte[8]);
    }

    private void byte_(int b) throws IOException {
      out.write(b);
      written++;
    }

    private void bytes(byte[] b) throws IOException {
      out.write(b);
      written += b.length;
    }

    private void int_(long v) throws IOException {
      byte_(v < 0 ? 1 : 0);
      long m = Math.abs(v);
      for (int i = 0; i < intSize; i++) {
        byte_((int) (m >>> (8 * i)) & 0xff);
      }
    }

    private void str(String s) throws IOException {
      if (s == null) {
        int_(-1);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int_(b.length);
      bytes(b);
    }
  }
}
