package io.cadang.app;

import io.cadang.agent.files.FilesBackup;
import io.cadang.agent.files.FilesBackupRequest;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.repository.Repository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code cadang backup --files} and the run they start (docs/files.md). */
final class FilesBackupOptions {
  @Option(
      names = "--files",
      paramLabel = "DIR",
      description =
          "Back up files under DIR (a mounted claim) instead of a database: a POSIX tar with"
              + " owners, modes, links and raw names, plus a SHA-256 index of every file.")
  Path root;

  @Option(
      names = "--path",
      paramLabel = "P",
      description = "With --files: a path relative to DIR to include (repeatable; default: all).")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description =
          "With --files: leave out members matching this GNU tar pattern, at any depth"
              + " (repeatable), e.g. '*.tmp' or 'cache'.")
  List<String> excludes = new ArrayList<>();

  boolean requested() {
    return root != null;
  }

  /** Options of files backups given without --files: an error, not silently ignored. */
  String strayOption() {
    if (root == null && !paths.isEmpty()) {
      return "--path";
    }
    if (root == null && !excludes.isEmpty()) {
      return "--exclude";
    }
    return null;
  }

  BackupManifest run(
      Repository repo,
      KeyProvider keys,
      String backupId,
      CompressionSettings compression,
      Duration progressInterval,
      PrintWriter out)
      throws Exception {
    BackupManifest m =
        new FilesBackup(repo, keys, Clock.systemUTC(), progressInterval)
            .run(new FilesBackupRequest(root, paths, excludes, backupId, compression));
    BackupManifest.Files f = m.files();
    out.printf(
        "backup %s: files, %d entries, %d regular files, %s read, %s stored, key %s%n",
        m.backupId(),
        f.entries(),
        f.regularFiles(),
        ByteSizes.human(f.bytes()),
        ByteSizes.human(m.totalStoredBytes()),
        m.encryption().wrappedKey().keyId());
    if (f.changedCount() > 0) {
      out.printf(
          "WARNING: %d path(s) changed while being read (their copy may be inconsistent): %s%n",
          f.changedCount(), String.join(", ", f.changedDuringRead()));
    }
    return m;
  }
}
