package io.cadang.agent.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.crypto.ArtifactIntegrityException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestSealTest {
  private static final byte[] KEY = ArtifactCipherTest.randomBytes(32, 5);
  private static final byte[] MANIFEST =
      "{\"backupId\":\"b-1\",\"artifacts\":[{\"sha256\":\"ab12\"}]}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void sealIsLowercaseHexOfAnHmacSha256AndVerifies() {
    String seal = ManifestSeal.seal(KEY, "b-1", MANIFEST);

    assertTrue(seal.matches("[0-9a-f]{64}"), seal);
    assertDoesNotThrow(() -> ManifestSeal.verify(KEY, "b-1", MANIFEST, seal));
  }

  @Test
  void editedManifestIsTampered() {
    String seal = ManifestSeal.seal(KEY, "b-1", MANIFEST);
    byte[] edited = MANIFEST.clone();
    edited[edited.length - 5] = 'c';

    ArtifactIntegrityException e =
        assertThrows(
            ArtifactIntegrityException.class, () -> ManifestSeal.verify(KEY, "b-1", edited, seal));
    assertEquals(Reason.MANIFEST_TAMPERED, e.reason());
    assertEquals(
        "manifest of backup 'b-1' does not match its seal (tampered or wrong key)", e.getMessage());
  }

  @Test
  void sealOfAnotherBackupDoesNotVerify() {
    String seal = ManifestSeal.seal(KEY, "b-1", MANIFEST);

    assertThrows(
        ArtifactIntegrityException.class, () -> ManifestSeal.verify(KEY, "b-2", MANIFEST, seal));
  }

  @Test
  void wrongKeyOrGarbledSealDoesNotVerify() {
    String seal = ManifestSeal.seal(KEY, "b-1", MANIFEST);
    byte[] otherKey = ArtifactCipherTest.randomBytes(32, 6);

    assertThrows(
        ArtifactIntegrityException.class,
        () -> ManifestSeal.verify(otherKey, "b-1", MANIFEST, seal));
    assertThrows(
        ArtifactIntegrityException.class,
        () -> ManifestSeal.verify(KEY, "b-1", MANIFEST, "not hex"));
    assertNotEquals(seal, ManifestSeal.seal(otherKey, "b-1", MANIFEST));
  }
}
