package io.cadang.app;

import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.manifest.KeyRecords;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.repository.FileRepository;
import io.cadang.agent.repository.Repository;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the complete backups in a repository (no key needed).")
final class ListCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;
  @Mixin RepositoryOption repository;

  @picocli.CommandLine.Option(
      names = "--locks",
      description =
          "Also show each backup's S3 Object Lock retain-until date (one HEAD request per backup).")
  boolean locks;

  @Override
  public Integer call() throws Exception {
    try (Repository repo = repository.open(root.env())) {
      if (repo instanceof FileRepository files && !Files.isDirectory(files.root())) {
        // Reading a directory that is not there is a typo, not an empty repository.
        throw new IllegalArgumentException(
            "repository " + repo.describe() + " does not exist (no such directory)");
      }
      List<BackupManifest> all = new BackupCatalog(repo).list();
      // After `cadang rewrap` a backup's current key is its newest key record, not the manifest's.
      Map<String, WrappedKey> rewrapped = KeyRecords.newestByBackup(repo);
      PrintWriter out = root.spec.commandLine().getOut();
      int keyWidth = 24;
      for (BackupManifest m : all) {
        WrappedKey key = rewrapped.getOrDefault(m.backupId(), m.encryption().wrappedKey());
        keyWidth = Math.max(keyWidth, keyLabel(key).length());
      }
      String format =
          "%-28s %-8s %-20s %10s %10s  %-" + keyWidth + "s " + (locks ? "%-21s " : "%s") + "%s%n";
      out.printf(
          format,
          "BACKUP",
          "KIND",
          "FINISHED",
          "RAW",
          "STORED",
          "KEY",
          locks ? "LOCKED UNTIL" : "",
          "DATABASES");
      for (BackupManifest m : all) {
        WrappedKey key = rewrapped.getOrDefault(m.backupId(), m.encryption().wrappedKey());
        out.printf(
            format,
            m.backupId(),
            m.kind(),
            m.finishedAt().toString().substring(0, 19) + "Z",
            ByteSizes.human(m.totalRawBytes()),
            ByteSizes.human(m.totalStoredBytes()),
            keyLabel(key),
            locks ? lockedUntil(repo, m) : "",
            String.join(",", m.databases().stream().map(DatabaseEntry::name).toList()));
      }
      out.printf("%d backup(s) in %s%n", all.size(), repo.describe());
      return 0;
    }
  }

  private static String keyLabel(WrappedKey key) {
    return key.keyId() + " v" + key.keyVersion();
  }

  /** The manifest's retain-until date (written last, so the latest of the backup), or "-". */
  private static String lockedUntil(Repository repo, BackupManifest m) throws java.io.IOException {
    return repo.lockedUntil(BackupLayout.manifestKey(m.backupId()))
        .map(i -> i.toString())
        .orElse("-");
  }
}
