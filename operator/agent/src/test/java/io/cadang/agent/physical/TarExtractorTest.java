package io.cadang.agent.physical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tar extraction keeps everything inside the data directory, keeps modes, and spots truncation. */
class TarExtractorTest {
  @TempDir Path dir;

  @Test
  void extractsFilesAndDirectoriesWithTheirModes() throws Exception {
    byte[] tar =
        tar(
            entry("./", '5', 0700, new byte[0]),
            entry("base/", '5', 0700, new byte[0]),
            entry("base/1/1259", '0', 0600, "heap".repeat(300).getBytes(StandardCharsets.UTF_8)),
            entry("PG_VERSION", '0', 0640, "15\n".getBytes(StandardCharsets.UTF_8)));
    TarExtractor x = new TarExtractor(dir, null, null);
    // Feed in awkward chunk sizes: headers and data split across writes.
    for (int i = 0; i < tar.length; i += 333) {
      x.write(tar, i, Math.min(333, tar.length - i));
    }
    x.finish();

    assertEquals("heap".repeat(300), Files.readString(dir.resolve("base/1/1259")));
    assertEquals("15\n", Files.readString(dir.resolve("PG_VERSION")));
    assertEquals(
        "rw-r-----",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("PG_VERSION"))));
    assertEquals(2, x.files());
  }

  @Test
  void refusesPathsThatEscapeTheDirectory() {
    for (String name : new String[] {"../evil", "base/../../evil", "/etc/evil"}) {
      TarExtractor x = new TarExtractor(dir, null, null);
      byte[] tar = tar(entry(name, '0', 0600, new byte[] {1}));
      IOException e = assertThrows(IOException.class, () -> x.write(tar, 0, tar.length), name);
      assertTrue(e.getMessage().contains("unsafe path"), e.getMessage());
    }
    assertFalse(Files.exists(dir.getParent().resolve("evil")));
  }

  @Test
  void refusesLinks() {
    TarExtractor x = new TarExtractor(dir, null, null);
    byte[] tar = tar(entry("pg_tblspc/16384", '2', 0777, new byte[0]));
    IOException e = assertThrows(IOException.class, () -> x.write(tar, 0, tar.length));
    assertTrue(e.getMessage().contains("tablespaces are not supported"), e.getMessage());
  }

  @Test
  void aTruncatedStreamIsAnError() throws Exception {
    byte[] tar = tar(entry("big", '0', 0600, new byte[5000]));
    TarExtractor x = new TarExtractor(dir, null, null);
    x.write(tar, 0, 2048);
    IOException e = assertThrows(IOException.class, x::finish);
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void aCorruptHeaderIsAnError() {
    byte[] tar = tar(entry("file", '0', 0600, new byte[10]));
    tar[3] ^= 0x20;
    TarExtractor x = new TarExtractor(dir, null, null);
    IOException e = assertThrows(IOException.class, () -> x.write(tar, 0, tar.length));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void theSnifferSeesBackupLabelAndTheEndMarker() throws Exception {
    byte[] label =
        "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nLABEL: x\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] tar = tar(entry("backup_label", '0', 0600, label), entry("a", '0', 0600, new byte[700]));
    TarSniffer sniffer = new TarSniffer(new java.io.ByteArrayInputStream(tar));
    byte[] copy = sniffer.readAllBytes();
    assertArrayEquals(tar, copy);
    assertTrue(sniffer.complete());
    assertEquals(2, sniffer.entries());
    assertEquals(new String(label, StandardCharsets.UTF_8), sniffer.backupLabel());
    assertEquals("0/2000028", BackupLabel.parse(sniffer.backupLabel()).startLsn().toString());
  }

  // ---- a minimal ustar writer, the layout PostgreSQL's src/port/tar.c produces ----

  record Entry(String name, char type, int mode, byte[] data) {}

  static Entry entry(String name, char type, int mode, byte[] data) {
    return new Entry(name, type, mode, data);
  }

  static byte[] tar(Entry... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] h = new byte[512];
      put(h, 0, e.name());
      put(h, 100, String.format("%07o", e.mode()));
      put(h, 108, "0000000");
      put(h, 116, "0000000");
      put(h, 124, String.format("%011o", e.data().length));
      put(h, 136, "00000000000");
      h[156] = (byte) e.type();
      put(h, 257, "ustar");
      put(h, 263, "00");
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      put(h, 148, String.format("%06o", sum));
      h[154] = 0;
      out.writeBytes(h);
      out.writeBytes(e.data());
      out.writeBytes(new byte[(512 - e.data().length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }
}
