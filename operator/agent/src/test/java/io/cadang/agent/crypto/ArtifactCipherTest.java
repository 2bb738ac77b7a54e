package io.cadang.agent.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactCipherTest {
  private static final int FRAME = ArtifactCipher.FRAME_SIZE;
  private static final ArtifactContext CTX = new ArtifactContext("backup-1", "db/app.dump");

  @ParameterizedTest
  @ValueSource(ints = {0, 1, FRAME - 1, FRAME, FRAME + 1, 5 * FRAME + 7})
  void roundTripsWholeWrites(int size) throws IOException {
    byte[] key = DataKeys.generate();
    byte[] plaintext = randomBytes(size, size);

    byte[] artifact = encrypt(key, plaintext);

    assertArrayEquals(plaintext, decrypt(key, artifact));
    assertEquals(expectedLength(size, FRAME), artifact.length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, FRAME - 1, FRAME, FRAME + 1, 5 * FRAME + 7})
  void roundTripsOddSizedWritesAndReads(int size) throws IOException {
    byte[] key = DataKeys.generate();
    byte[] plaintext = randomBytes(size, 31 * size);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = ArtifactCipher.encryptingStream(sink, key, CTX)) {
      int[] chunks = {1, 7, 4093, 70_001, FRAME, 3 * FRAME + 5};
      int off = 0;
      for (int i = 0; off < size; i++) {
        int n = Math.min(chunks[i % chunks.length], size - off);
        if (n == 1) {
          out.write(plaintext[off]);
        } else {
          out.write(plaintext, off, n);
        }
        off += n;
      }
    }

    ByteArrayOutputStream back = new ByteArrayOutputStream();
    try (InputStream in =
        ArtifactCipher.decryptingStream(new ByteArrayInputStream(sink.toByteArray()), key, CTX)) {
      byte[] buf = new byte[4093];
      for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
        back.write(buf, 0, n);
      }
      assertEquals(-1, in.read());
    }
    assertArrayEquals(plaintext, back.toByteArray());
  }

  @Test
  void encryptingTheSameDataTwiceGivesDifferentArtifacts() throws IOException {
    byte[] key = DataKeys.generate();
    byte[] plaintext = randomBytes(1000, 7);

    assertNotEquals(
        java.util.HexFormat.of().formatHex(encrypt(key, plaintext)),
        java.util.HexFormat.of().formatHex(encrypt(key, plaintext)));
  }

  @Test
  void writingAfterCloseFails() throws IOException {
    OutputStream out =
        ArtifactCipher.encryptingStream(new ByteArrayOutputStream(), DataKeys.generate(), CTX);
    out.close();

    assertThrows(IOException.class, () -> out.write(new byte[1]));
  }

  @Test
  void rejectsDataKeysThatAreNot32Bytes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ArtifactCipher.encryptingStream(new ByteArrayOutputStream(), new byte[16], CTX));
    assertEquals("data key must be 32 bytes, got 16", e.getMessage());
  }

  @Test
  void dataKeysAreFresh32ByteKeys() {
    byte[] a = DataKeys.generate();
    byte[] b = DataKeys.generate();

    assertEquals(32, a.length);
    assertNotEquals(java.util.HexFormat.of().formatHex(a), java.util.HexFormat.of().formatHex(b));
  }

  static long expectedLength(long size, int frameSize) {
    long frames = size / frameSize + 1;
    return ArtifactHeader.LENGTH + frames * (FrameFormat.FRAME_HEADER_LENGTH + 16) + size;
  }

  static byte[] encrypt(byte[] key, byte[] plaintext) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = ArtifactCipher.encryptingStream(sink, key, CTX)) {
      out.write(plaintext);
    }
    return sink.toByteArray();
  }

  static byte[] decrypt(byte[] key, byte[] artifact) throws IOException {
    try (InputStream in =
        ArtifactCipher.decryptingStream(new ByteArrayInputStream(artifact), key, CTX)) {
      return in.readAllBytes();
    }
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
