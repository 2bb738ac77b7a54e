package io.cadang.app;

import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.DatabaseEntry;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.repository.Repository;
import java.io.PrintWriter;
import java.util.List;
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

  @Override
  public Integer call() throws Exception {
    try (Repository repo = repository.open(root.env())) {
      List<BackupManifest> all = new BackupCatalog(repo).list();
      PrintWriter out = root.spec.commandLine().getOut();
      out.printf(
          "%-28s %-8s %-20s %10s %10s  %-24s %s%n",
          "BACKUP", "KIND", "FINISHED", "RAW", "STORED", "KEY", "DATABASES");
      for (BackupManifest m : all) {
        out.printf(
            "%-28s %-8s %-20s %10s %10s  %-24s %s%n",
            m.backupId(),
            m.kind(),
            m.finishedAt().toString().substring(0, 19) + "Z",
            ByteSizes.human(m.totalRawBytes()),
            ByteSizes.human(m.totalStoredBytes()),
            m.encryption().wrappedKey().keyId() + " v" + m.encryption().wrappedKey().keyVersion(),
            String.join(",", m.databases().stream().map(DatabaseEntry::name).toList()));
      }
      out.printf("%d backup(s) in %s%n", all.size(), repo.describe());
      return 0;
    }
  }
}
