package io.cadang.agent.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an encrypted artifact is bound to. Both values are authenticated (part of every frame's
 * associated data), so an artifact moved to another backup or renamed fails to decrypt.
 *
 * @param backupId the backup the artifact belongs to
 * @param objectName the artifact's logical name inside the backup, e.g. {@code db/app.dump}
 */
public record ArtifactContext(String backupId, String objectName) {

  public ArtifactContext {
    Objects.requireNonNull(backupId, "backupId");
    Objects.requireNonNull(objectName, "objectName");
  }

  /**
   * The canonical encoding used in key derivation and associated data: each value as a u32
   * big-endian byte length followed by its UTF-8 bytes. Length prefixes keep ("ab", "c") and ("a",
   * "bc") apart, which plain concatenation would not.
   */
  byte[] encoded() {
    byte[] id = backupId.getBytes(StandardCharsets.UTF_8);
    byte[] name = objectName.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + id.length + name.length)
        .putInt(id.length)
        .put(id)
        .putInt(name.length)
        .put(name)
        .array();
  }
}
