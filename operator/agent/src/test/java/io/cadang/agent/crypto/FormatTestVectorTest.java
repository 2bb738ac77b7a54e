package io.cadang.agent.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Generates the worked example published in docs/format.md and fails if the document drifts from
 * what the code produces. The generated text is also written to target/format-test-vector.txt.
 */
class FormatTestVectorTest {
  static final byte[] DATA_KEY =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  static final byte[] SALT = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  static final ArtifactContext CTX = new ArtifactContext("backup-1", "db/app.dump");
  static final int FRAME_SIZE = 16;
  static final byte[] PLAINTEXT = "Cadang v1 test vector!".getBytes(StandardCharsets.US_ASCII);

  @Test
  void documentedTestVectorMatchesTheCode() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out =
        ArtifactCipher.encryptingStream(sink, DATA_KEY, CTX, FRAME_SIZE, SALT)) {
      out.write(PLAINTEXT);
    }
    byte[] artifact = sink.toByteArray();
    String vector = describe(artifact);
    Path target = Path.of("target", "format-test-vector.txt");
    Files.createDirectories(target.getParent());
    Files.writeString(target, vector);

    String doc = Files.readString(Path.of("..", "..", "docs", "format.md"));
    assertTrue(doc.contains(vector), "docs/format.md lacks the current test vector; see " + target);
    try (InputStream in =
        ArtifactCipher.decryptingStream(new ByteArrayInputStream(artifact), DATA_KEY, CTX)) {
      assertArrayEquals(PLAINTEXT, in.readAllBytes());
    }
  }

  private static String describe(byte[] a) {
    HexFormat hex = HexFormat.of();
    int h = ArtifactHeader.LENGTH;
    int full = FrameFormat.FRAME_HEADER_LENGTH + FRAME_SIZE + FrameFormat.TAG_LENGTH;
    StringBuilder s = new StringBuilder();
    s.append("data key        ").append(hex.formatHex(DATA_KEY)).append('\n');
    s.append("salt            ").append(hex.formatHex(SALT)).append('\n');
    s.append("context         backupId \"backup-1\", objectName \"db/app.dump\"\n");
    s.append("encoded context ").append(hex.formatHex(CTX.encoded())).append('\n');
    s.append("frame size      16\n");
    s.append("plaintext       \"Cadang v1 test vector!\" (22 bytes)\n");
    s.append("header          ").append(hex.formatHex(a, 0, 11)).append('\n');
    s.append("  salt          ").append(hex.formatHex(a, 11, 27)).append('\n');
    s.append("  commitment    ").append(hex.formatHex(a, 27, 59)).append('\n');
    s.append("  context tag   ").append(hex.formatHex(a, 59, 91)).append('\n');
    s.append("  crc32c        ").append(hex.formatHex(a, 91, 95)).append('\n');
    int[] starts = {h, h + full};
    int[] ends = {h + full, a.length};
    for (int i = 0; i < 2; i++) {
      int p = starts[i];
      s.append("frame ")
          .append(i)
          .append(" index   ")
          .append(hex.formatHex(a, p, p + 8))
          .append('\n');
      s.append("        length  ").append(hex.formatHex(a, p + 8, p + 12)).append('\n');
      s.append("        ct+tag  ").append(hex.formatHex(a, p + 12, ends[i])).append('\n');
    }
    s.append("total           ").append(a.length).append(" bytes\n");
    return s.toString();
  }
}
