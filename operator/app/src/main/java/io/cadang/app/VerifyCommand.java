package io.cadang.app;

import io.cadang.agent.backup.BackupVerifier;
import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.repository.Repository;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Integrity audit without restoring: manifest seal, then every object downloaded,"
            + " authenticated, decompressed and checksummed.")
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;

  @Parameters(index = "0", paramLabel = "BACKUP", description = "Backup id, or 'latest'.")
  String backupRef;

  @Override
  public Integer call() throws Exception {
    // Compile the crypto paths while this command connects and starts its tools.
    CryptoWarmup.ensureStarted();
    try (Repository repo = repository.open(root.env())) {
      BackupManifest m =
          new BackupVerifier(repo, keys.open(root.env()), Duration.ofSeconds(10)).verify(backupRef);
      root.spec
          .commandLine()
          .getOut()
          .printf(
              "backup %s OK: manifest seal valid, %d object(s), %s stored, every checksum matches%n",
              m.backupId(), m.objects().size(), ByteSizes.human(m.totalStoredBytes()));
      return 0;
    }
  }
}
