package io.cadang.agent.crypto;

/**
 * What an encrypted artifact is bound to. Both values are authenticated (part of every frame's
 * associated data), so an artifact moved to another backup or renamed fails to decrypt.
 *
 * @param backupId the backup the artifact belongs to
 * @param objectName the artifact's logical name inside the backup, e.g. {@code db/app.dump}
 */
public record ArtifactContext(String backupId, String objectName) {}
