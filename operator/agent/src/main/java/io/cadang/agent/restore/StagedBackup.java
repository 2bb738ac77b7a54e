package io.cadang.agent.restore;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A backup's artifacts downloaded, authenticated, checksummed and decompressed into a private
 * scratch directory. Staging everything first is what lets a restore promise that a corrupted,
 * truncated or missing artifact writes nothing to the target. The directory is removed on close.
 */
final class StagedBackup implements AutoCloseable {
  private final Path dir;
  private final Map<String, Path> files = new HashMap<>();

  private StagedBackup(Path dir) {
    this.dir = dir;
  }

  static StagedBackup stage(
      Repository repository,
      BackupManifest manifest,
      byte[] dataKey,
      Collection<DatabaseEntry> databases,
      boolean globals,
      Path scratchRoot,
      Duration progressInterval)
      throws IOException, BackupException {
    Path root = scratchRoot != null ? scratchRoot : Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(root);
    Path dir =
        Files.createTempDirectory(
            root,
            "cadang-restore-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    StagedBackup staged = new StagedBackup(dir);
    try {
      ArtifactReader reader = new ArtifactReader(repository);
      for (DatabaseEntry db : databases) {
        staged.fetch(reader, manifest, object(manifest, db.object()), progressInterval, dataKey);
      }
      if (globals) {
        staged.fetch(
            reader,
            manifest,
            object(manifest, BackupLayout.GLOBALS_OBJECT),
            progressInterval,
            dataKey);
      }
      return staged;
    } catch (IOException | BackupException | RuntimeException e) {
      staged.close();
      throw e;
    }
  }

  static ArtifactEntry object(BackupManifest manifest, String name) throws BackupException {
    return manifest
        .object(name)
        .orElseThrow(
            () ->
                new BackupException(
                    "backup '"
                        + manifest.backupId()
                        + "' has no object '"
                        + name
                        + "'"
                        + (name.equals(BackupLayout.GLOBALS_OBJECT)
                            ? " (it was taken without --globals)"
                            : "")));
  }

  private void fetch(
      ArtifactReader reader,
      BackupManifest manifest,
      ArtifactEntry entry,
      Duration progressInterval,
      byte[] dataKey)
      throws IOException {
    Path file = dir.resolve("object-" + files.size());
    try (ProgressMeter meter =
            new ProgressMeter(
                "restore " + manifest.backupId() + " fetch " + entry.name(),
                progressInterval,
                entry.rawBytes());
        OutputStream out = Files.newOutputStream(file)) {
      reader.read(manifest.backupId(), entry, dataKey, out, true, meter);
    }
    files.put(entry.name(), file);
  }

  Path dumpFile(DatabaseEntry db) {
    return files.get(db.object());
  }

  Path globalsFile() {
    return files.get(BackupLayout.GLOBALS_OBJECT);
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
