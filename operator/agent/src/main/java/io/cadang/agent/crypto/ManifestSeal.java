package io.cadang.agent.crypto;

import io.cadang.agent.crypto.ArtifactIntegrityException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a backup manifest with the backup's data key, so an edited manifest (a swapped artifact
 * checksum, a changed LSN) is caught on restore. The seal is HMAC-SHA256 under a key derived with
 * HKDF-SHA256(dataKey, no salt, info "cadang/v1/manifest") over u32-length-prefixed backup id ||
 * manifest bytes, as lowercase hex.
 */
public final class ManifestSeal {
  private static final byte[] INFO = "cadang/v1/manifest".getBytes(StandardCharsets.US_ASCII);

  private ManifestSeal() {}

  public static String seal(byte[] dataKey, String backupId, byte[] manifestBytes) {
    return HexFormat.of().formatHex(mac(dataKey, backupId, manifestBytes));
  }

  /**
   * Throws {@link Reason#MANIFEST_TAMPERED} unless {@code seal} matches, compared in constant time.
   */
  public static void verify(byte[] dataKey, String backupId, byte[] manifestBytes, String seal)
      throws ArtifactIntegrityException {
    byte[] expected = mac(dataKey, backupId, manifestBytes);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(Objects.requireNonNull(seal, "seal").trim());
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new ArtifactIntegrityException(
          Reason.MANIFEST_TAMPERED,
          "manifest of backup '" + backupId + "' does not match its seal (tampered or wrong key)");
    }
  }

  private static byte[] mac(byte[] dataKey, String backupId, byte[] manifestBytes) {
    if (dataKey == null || dataKey.length != DataKeys.LENGTH) {
      throw new IllegalArgumentException("data key must be 32 bytes");
    }
    byte[] id = backupId.getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Hkdf.sha256(dataKey, new byte[0], INFO, 32), "HmacSHA256"));
      mac.update(ByteBuffer.allocate(4).putInt(id.length).array());
      mac.update(id);
      mac.update(manifestBytes);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable in this JDK", e);
    }
  }
}
