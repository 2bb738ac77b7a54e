package io.cadang.app;

import io.cadang.agent.backup.KeyRewrapper;
import io.cadang.agent.keys.KeyOptions;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.KeyProviders;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.repository.Repository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "rewrap",
    mixinStandardHelpOptions = true,
    description =
        "After a master-key rotation, re-wrap the data keys of existing backups (manifests only;"
            + " artifacts are not touched). Vault transit rewraps in place; for local keys give the"
            + " old key with --old-key-file or --old-key-env.")
final class RewrapCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;

  @Option(names = "--old-key-file", description = "The previous master key file.")
  Path oldKeyFile;

  @Option(names = "--old-key-env", description = "Variable holding the previous master key.")
  String oldKeyEnv;

  @Option(names = "--all", description = "Every backup in the repository.")
  boolean all;

  @Parameters(arity = "0..*", paramLabel = "BACKUP", description = "Backup ids.")
  List<String> backupIds = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (all == !backupIds.isEmpty()) {
      throw new IllegalArgumentException("name backups to rewrap, or pass --all (not both)");
    }
    try (Repository repo = repository.open(root.env())) {
      KeyProvider newKeys = keys.open(root.env());
      KeyProvider oldKeys = newKeys;
      if (oldKeyFile != null || oldKeyEnv != null) {
        oldKeys =
            KeyProviders.open(
                new KeyOptions(
                    oldKeyFile, oldKeyEnv, null, null, null, null, null, null, null, null, null),
                root.env());
      }
      List<String> ids = new ArrayList<>(backupIds);
      if (all) {
        for (BackupManifest m : new BackupCatalog(repo).list()) {
          ids.add(m.backupId());
        }
      }
      PrintWriter out = root.spec.commandLine().getOut();
      KeyRewrapper rewrapper = new KeyRewrapper(repo, oldKeys, newKeys);
      for (String id : ids) {
        BackupManifest m = rewrapper.rewrap(id);
        out.printf(
            "backup %s: data key now wrapped by %s v%d%n",
            id, m.encryption().wrappedKey().keyId(), m.encryption().wrappedKey().keyVersion());
      }
      out.printf("%d backup(s) rewrapped%n", ids.size());
      return 0;
    }
  }
}
