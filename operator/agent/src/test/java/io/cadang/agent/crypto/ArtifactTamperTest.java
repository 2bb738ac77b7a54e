package io.cadang.agent.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cadang.agent.crypto.ArtifactIntegrityException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Every way an artifact can be damaged or tampered with is reported with its own reason, and no
 * byte of an unauthenticated frame ever reaches the reader. Small frames keep offsets readable.
 */
class ArtifactTamperTest {
  private static final int FRAME = 64;
  private static final int FRAME_BYTES = FrameFormat.FRAME_HEADER_LENGTH + FRAME + 16;
  private static final int HEADER = ArtifactHeader.LENGTH;
  private static final ArtifactContext CTX = new ArtifactContext("backup-1", "db/app.dump");
  private static final byte[] KEY = ArtifactCipherTest.randomBytes(32, 1);
  // Frames 0, 1, 2 are full; frame 3 is the final one with 10 bytes.
  private static final byte[] PLAINTEXT = ArtifactCipherTest.randomBytes(3 * FRAME + 10, 2);

  @Test
  void intactArtifactDecrypts() throws IOException {
    assertArrayEquals(PLAINTEXT, readAll(artifact(), KEY, CTX));
  }

  @Test
  void truncationInsideAFrameIsTruncated() {
    byte[] cut = Arrays.copyOf(artifact(), frameStart(1) + 20);

    assertFailure(
        cut,
        Reason.TRUNCATED,
        "artifact truncated after frame 0 (frame 1 is incomplete)",
        Arrays.copyOf(PLAINTEXT, FRAME));
  }

  @Test
  void truncationAtAFrameBoundaryIsTruncated() {
    byte[] cut = Arrays.copyOf(artifact(), frameStart(2));

    assertFailure(
        cut,
        Reason.TRUNCATED,
        "artifact truncated after frame 1 (final frame missing)",
        Arrays.copyOf(PLAINTEXT, 2 * FRAME));
  }

  @Test
  void truncationRightAfterTheHeaderIsTruncated() {
    assertFailure(
        Arrays.copyOf(artifact(), HEADER),
        Reason.TRUNCATED,
        "artifact truncated after the header (final frame missing)",
        new byte[0]);
  }

  @Test
  void droppedFrameIsOutOfOrder() {
    byte[] a = artifact();
    byte[] dropped = concat(slice(a, 0, frameStart(1)), slice(a, frameStart(2), a.length));

    assertFailure(
        dropped,
        Reason.FRAME_OUT_OF_ORDER,
        "frame out of order: expected frame 1, found frame 2"
            + " (frames dropped, duplicated or reordered)",
        Arrays.copyOf(PLAINTEXT, FRAME));
  }

  @Test
  void swappedFramesAreOutOfOrder() {
    byte[] a = artifact();
    byte[] swapped =
        concat(
            slice(a, 0, HEADER),
            slice(a, frameStart(1), frameStart(2)),
            slice(a, frameStart(0), frameStart(1)),
            slice(a, frameStart(2), a.length));

    assertFailure(
        swapped,
        Reason.FRAME_OUT_OF_ORDER,
        "frame out of order: expected frame 0, found frame 1"
            + " (frames dropped, duplicated or reordered)",
        new byte[0]);
  }

  @Test
  void swappedFramesWithRewrittenIndexesFailAuthentication() {
    byte[] a = artifact();
    byte[] swapped =
        concat(
            slice(a, 0, HEADER),
            slice(a, frameStart(1), frameStart(2)),
            slice(a, frameStart(0), frameStart(1)),
            slice(a, frameStart(2), a.length));
    ByteBuffer.wrap(swapped).putLong(frameStart(0), 0).putLong(frameStart(1), 1);

    assertFailure(
        swapped,
        Reason.FRAME_CORRUPTED,
        "frame 0 failed authentication (corrupted or tampered)",
        new byte[0]);
  }

  @Test
  void flippedCiphertextBitFailsAuthenticationAndReleasesNothingOfThatFrame() {
    byte[] a = artifact();
    a[frameStart(1) + FrameFormat.FRAME_HEADER_LENGTH + 5] ^= 0x10;

    assertFailure(
        a,
        Reason.FRAME_CORRUPTED,
        "frame 1 failed authentication (corrupted or tampered)",
        Arrays.copyOf(PLAINTEXT, FRAME));
  }

  @Test
  void flippedBitInTheFinalFrameReleasesNothingOfIt() {
    byte[] a = artifact();
    a[a.length - 1] ^= 0x01;

    assertFailure(
        a,
        Reason.FRAME_CORRUPTED,
        "frame 3 failed authentication (corrupted or tampered)",
        Arrays.copyOf(PLAINTEXT, 3 * FRAME));
  }

  @Test
  void flippedHeaderBitIsHeaderCorrupted() {
    byte[] a = artifact();
    a[20] ^= 0x04; // inside the salt

    assertFailure(
        a,
        Reason.HEADER_CORRUPTED,
        "artifact header is corrupted (checksum mismatch)",
        new byte[0]);
  }

  @Test
  void headerTamperedWithAFixedUpChecksumIsCaughtByTheKeyCommitment() {
    byte[] a = artifact();
    a[20] ^= 0x04;
    fixHeaderChecksum(a);

    assertFailure(
        a,
        Reason.WRONG_KEY,
        "wrong data key: it does not match the artifact's key commitment",
        new byte[0]);
  }

  @Test
  void badMagicIsNotAnArtifact() {
    byte[] a = artifact();
    a[0] = 'X';

    assertFailure(
        a, Reason.NOT_AN_ARTIFACT, "not a Cadang artifact (missing \"CADANG\" magic)", new byte[0]);
  }

  @Test
  void emptyInputIsNotAnArtifact() {
    assertFailure(
        new byte[0],
        Reason.NOT_AN_ARTIFACT,
        "not a Cadang artifact (missing \"CADANG\" magic)",
        new byte[0]);
  }

  @Test
  void unknownVersionIsUnsupported() {
    byte[] a = artifact();
    a[6] = 2;

    assertFailure(
        a,
        Reason.UNSUPPORTED_VERSION,
        "unsupported artifact format version 2 (this build reads version 1)",
        new byte[0]);
  }

  @Test
  void wrongDataKeyIsWrongKeyBeforeAnyPlaintext() {
    byte[] otherKey = ArtifactCipherTest.randomBytes(32, 99);

    ArtifactIntegrityException e =
        assertThrows(ArtifactIntegrityException.class, () -> readAll(artifact(), otherKey, CTX));
    assertEquals(Reason.WRONG_KEY, e.reason());
    assertEquals("wrong data key: it does not match the artifact's key commitment", e.getMessage());
  }

  @Test
  void wrongContextIsWrongContext() {
    ArtifactContext moved = new ArtifactContext("backup-2", "db/app.dump");

    ArtifactIntegrityException e =
        assertThrows(ArtifactIntegrityException.class, () -> readAll(artifact(), KEY, moved));
    assertEquals(Reason.WRONG_CONTEXT, e.reason());
    assertEquals(
        "artifact is not bound to backup 'backup-2' object 'db/app.dump' (moved or renamed?)",
        e.getMessage());
  }

  @Test
  void contextFieldsCannotBeShiftedAcrossTheBoundary() {
    byte[] a = encrypt(new ArtifactContext("ab", "c"));

    ArtifactIntegrityException e =
        assertThrows(
            ArtifactIntegrityException.class,
            () -> readAll(a, KEY, new ArtifactContext("a", "bc")));
    assertEquals(Reason.WRONG_CONTEXT, e.reason());
  }

  @Test
  void trailingDataIsRejectedBeforeTheFinalFrameIsReleased() {
    byte[] a = concat(artifact(), new byte[] {0});

    assertFailure(
        a,
        Reason.TRAILING_DATA,
        "unexpected data after the final frame 3",
        Arrays.copyOf(PLAINTEXT, 3 * FRAME));
  }

  @Test
  void impossibleFrameLengthIsCorrupted() {
    byte[] a = artifact();
    ByteBuffer.wrap(a).putInt(frameStart(0) + 8, FRAME + 17);

    assertFailure(a, Reason.FRAME_CORRUPTED, "frame 0 has an impossible length 81", new byte[0]);
  }

  @Test
  void failureIsStickySoLaterReadsReturnNothing() throws IOException {
    byte[] a = artifact();
    a[frameStart(0) + FrameFormat.FRAME_HEADER_LENGTH] ^= 1;
    try (InputStream in = decryptingStream(a, KEY, CTX)) {
      ArtifactIntegrityException first =
          assertThrows(ArtifactIntegrityException.class, () -> in.read(new byte[10]));

      assertSame(first, assertThrows(ArtifactIntegrityException.class, in::read));
    }
  }

  /** Reads until failure; asserts reason, message and exactly which plaintext got out first. */
  private static void assertFailure(
      byte[] artifact, Reason reason, String message, byte[] releasedBeforeFailure) {
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    ArtifactIntegrityException e =
        assertThrows(
            ArtifactIntegrityException.class,
            () -> {
              try (InputStream in = decryptingStream(artifact, KEY, CTX)) {
                byte[] buf = new byte[7];
                for (int n; (n = in.read(buf)) >= 0; ) {
                  released.write(buf, 0, n);
                }
              }
            });
    assertEquals(reason, e.reason());
    assertEquals(message, e.getMessage());
    assertArrayEquals(releasedBeforeFailure, released.toByteArray());
  }

  private static byte[] artifact() {
    return encrypt(CTX);
  }

  private static byte[] encrypt(ArtifactContext ctx) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    byte[] salt = ArtifactCipherTest.randomBytes(16, 3);
    try (OutputStream out = ArtifactCipher.encryptingStream(sink, KEY, ctx, FRAME, salt)) {
      out.write(PLAINTEXT);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return sink.toByteArray();
  }

  private static InputStream decryptingStream(byte[] artifact, byte[] key, ArtifactContext ctx) {
    return ArtifactCipher.decryptingStream(new ByteArrayInputStream(artifact), key, ctx);
  }

  private static byte[] readAll(byte[] artifact, byte[] key, ArtifactContext ctx)
      throws IOException {
    try (InputStream in = decryptingStream(artifact, key, ctx)) {
      return in.readAllBytes();
    }
  }

  private static int frameStart(int index) {
    return HEADER + index * FRAME_BYTES;
  }

  private static void fixHeaderChecksum(byte[] a) {
    CRC32C crc = new CRC32C();
    crc.update(a, 0, HEADER - 4);
    ByteBuffer.wrap(a).putInt(HEADER - 4, (int) crc.getValue());
  }

  private static byte[] slice(byte[] a, int from, int to) {
    return Arrays.copyOfRange(a, from, to);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
