package io.cadang.controller.sync;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import java.util.Optional;

/**
 * Whether a manifest describes a backup that is complete in one repository, judged from the
 * manifest and the listing alone (no object is read). The manifest's seal needs the backup's data
 * key, which the operator does not hold (with Vault it never leaves Vault): every restore and
 * {@code cadang verify} checks the seal and each object's SHA-256 before a byte is written.
 */
final class ManifestChecks {
  private ManifestChecks() {}

  static Optional<String> incomplete(BackupManifest m, RepositoryListing listing) {
    if (m.seal() == null || m.seal().isBlank()) {
      return Optional.of("manifest.json is not sealed");
    }
    if (m.finishedAt() == null || m.startedAt() == null) {
      return Optional.of("manifest.json has no start or finish time");
    }
    if (m.objects() == null || m.objects().isEmpty()) {
      return Optional.of("manifest.json names no objects");
    }
    String folder = BackupLayout.ROOT + m.backupId() + "/";
    for (BackupManifest.ArtifactEntry o : m.objects()) {
      if (o.key() == null || !o.key().startsWith(folder)) {
        return Optional.of("manifest.json names object '" + o.key() + "' outside " + folder);
      }
      Long size = listing.size(m.backupId(), o.key());
      if (size == null) {
        return Optional.of("object " + o.key() + " named by manifest.json is missing");
      }
      if (size != o.storedBytes()) {
        return Optional.of(
            "object "
                + o.key()
                + " holds "
                + size
                + " bytes, manifest.json says "
                + o.storedBytes());
      }
    }
    return Optional.empty();
  }

  /** A base backup must be of the system whose WAL the repository archives. */
  static Optional<String> foreignSystem(BackupManifest m, String walSystem) {
    if (walSystem == null || m.physical() == null || m.physical().systemIdentifier() == null) {
      return Optional.empty();
    }
    if (walSystem.equals(m.physical().systemIdentifier())) {
      return Optional.empty();
    }
    return Optional.of(
        "base backup of PostgreSQL system "
            + m.physical().systemIdentifier()
            + ", but the WAL archive (wal/status.json) is of system "
            + walSystem);
  }
}
