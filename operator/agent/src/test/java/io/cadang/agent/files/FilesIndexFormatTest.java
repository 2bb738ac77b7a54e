package io.cadang.agent.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The index line format and the parsing of tar's diagnostics, without a file system. */
class FilesIndexFormatTest {
  @Test
  void aNameThatIsNotUtf8IsStoredAsBase64AndReadBackByteForByte() throws IOException {
    byte[] raw = {'c', 'a', 'f', (byte) 0xe9, '\n', (byte) 0xff};
    FileEntry e =
        new FileEntry(
            raw, FileEntry.Type.SYMLINK, 0, 0777, 0, 0, 1, null, new byte[] {(byte) 0x80});

    String line = new String(FileIndexCodec.line(e), StandardCharsets.UTF_8);
    FileEntry back = FileIndexCodec.parse(line.trim());

    assertTrue(line.contains("\"pathBase64\":\"Y2Fm6Qr/\""), line);
    assertTrue(line.contains("\"linkTargetBase64\":\"gA==\""), line);
    assertArrayEquals(raw, back.rawPath());
    assertArrayEquals(new byte[] {(byte) 0x80}, back.rawLinkTarget());
    assertEquals("caf\\xe9\\x0a\\xff", back.displayPath());
  }

  @Test
  void aUtf8NameIsPlainTextWithOctalModeAndChecksum() throws IOException {
    FileEntry e =
        new FileEntry(
            "日本/ñ.txt".getBytes(StandardCharsets.UTF_8),
            FileEntry.Type.FILE,
            3,
            02750,
            1000,
            1001,
            1795295963,
            "ab".repeat(32),
            null);

    String line = new String(FileIndexCodec.line(e), StandardCharsets.UTF_8);

    assertEquals(
        "{\"path\":\"日本/ñ.txt\",\"type\":\"file\",\"size\":3,\"mode\":\"2750\",\"uid\":1000,"
            + "\"gid\":1001,\"mtime\":1795295963,\"sha256\":\""
            + "ab".repeat(32)
            + "\"}\n",
        line);
    assertEquals(02750, FileIndexCodec.parse(line.trim()).mode());
  }

  @Test
  void aCorruptIndexLineIsAOneLineError() {
    IOException e =
        assertThrows(IOException.class, () -> FileIndexCodec.parse("{\"type\":\"file\"}"));
    assertEquals("the files index has an entry without path or type", e.getMessage());
  }

  @Test
  void tarsChangedFileWarningsBecomeRawNamesAndOtherLinesErrors() {
    TarDiagnostics d = new TarDiagnostics();

    d.line("tar: ./logs/caf\\351 \\\\x\\n: file changed as we read it");
    d.line("tar: ./gone: Cannot open: No such file or directory");
    d.line("tar: ./sock: socket ignored");
    d.line("tar: ./secret: Cannot open: Permission denied");
    d.line("tar: Exiting with failure status due to previous errors");

    assertEquals(2, d.changedCount());
    assertEquals("logs/caf\\xe9 \\x5cx\\x0a", d.changed().get(0));
    assertEquals("gone", d.changed().get(1));
    assertEquals(java.util.List.of("tar: ./secret: Cannot open: Permission denied"), d.errors());
  }

  @Test
  void unsafeMemberNamesAreRefusedBeforeExtraction() throws IOException {
    SafeMembers check = new SafeMembers();
    check.member("a".getBytes(), FileEntry.Type.SYMLINK, "/etc".getBytes());

    for (String bad : new String[] {"/etc/passwd", "x/../../y", "..", "a/passwd"}) {
      IOException e =
          assertThrows(
              IOException.class, () -> check.member(bad.getBytes(), FileEntry.Type.FILE, null));
      assertTrue(e.getMessage().startsWith("the archive holds an unsafe path"), e.getMessage());
    }
    assertThrows(
        IOException.class,
        () -> check.member("h".getBytes(), FileEntry.Type.HARDLINK, "../outside".getBytes()));
  }
}
