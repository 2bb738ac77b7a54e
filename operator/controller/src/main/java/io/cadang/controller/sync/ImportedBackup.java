package io.cadang.controller.sync;

import io.cadang.agent.manifest.BackupManifest;
import java.time.Instant;
import java.util.List;

/**
 * What a BackupRun needs of a backup found in a repository, taken from its manifest: the manifest's
 * per-table row counts are left behind, so holding thousands of these costs little.
 *
 * @param repository the repository whose copy was checked and that the artifacts name
 * @param holders every repository of the policy holding a complete copy, the first one included
 */
public record ImportedBackup(
    String backupId,
    String kind,
    Instant startedAt,
    Instant finishedAt,
    String serverVersion,
    BackupManifest.Physical physical,
    String keyId,
    Integer keyVersion,
    List<BackupManifest.ArtifactEntry> objects,
    BackupManifest.Files files,
    BackupManifest.Configs configs,
    String repository,
    List<String> holders) {

  static ImportedBackup of(BackupManifest m, String repository, List<String> holders) {
    var wrapped = m.encryption() == null ? null : m.encryption().wrappedKey();
    return new ImportedBackup(
        m.backupId(),
        m.kind(),
        m.startedAt(),
        m.finishedAt(),
        m.source() == null ? null : m.source().serverVersion(),
        m.physical(),
        wrapped == null ? null : wrapped.keyId(),
        wrapped == null ? null : wrapped.keyVersion(),
        m.objects(),
        m.files(),
        m.configs(),
        repository,
        holders);
  }

  long rawBytes() {
    return objects.stream().mapToLong(BackupManifest.ArtifactEntry::rawBytes).sum();
  }

  long storedBytes() {
    return objects.stream().mapToLong(BackupManifest.ArtifactEntry::storedBytes).sum();
  }
}
