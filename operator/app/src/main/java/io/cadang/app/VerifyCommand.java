package io.cadang.app;

import io.cadang.agent.backup.BackupVerifier;
import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalArchive;
import io.cadang.agent.wal.WalVerifier;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "BACKUP",
      description = "Backup id, or 'latest' (not with --wal).")
  String backupRef;

  @Option(
      names = "--wal",
      description =
          "Check the WAL archive instead: continuous from each physical base backup's start to the"
              + " latest archived point, timeline history included; names the first gap.")
  boolean wal;

  @Option(names = "--deep", description = "With --wal: also download and check every WAL object.")
  boolean deep;

  @Override
  public Integer call() throws Exception {
    if (wal) {
      return verifyWal();
    }
    if (backupRef == null) {
      throw new IllegalArgumentException("verify needs a BACKUP id (or 'latest'), or --wal");
    }
    // Compile the crypto paths while this command connects and starts its tools.
    CryptoWarmup.ensureStarted();
    try (Repository repo = repository.open(root.env())) {
      BackupManifest m =
          new BackupVerifier(repo, keys.open(root.env()), Duration.ofSeconds(10)).verify(backupRef);
      // Lock state is part of an audit: a backup believed immutable must say until when it is.
      String lock =
          repo.lockedUntil(io.cadang.agent.manifest.BackupLayout.manifestKey(m.backupId()))
              .map(until -> "; Object Lock until " + until)
              .orElse("; no Object Lock");
      root.spec
          .commandLine()
          .getOut()
          .printf(
              "backup %s OK: manifest seal valid, %d object(s), %s stored, every checksum"
                  + " matches%s%n",
              m.backupId(), m.objects().size(), ByteSizes.human(m.totalStoredBytes()), lock);
      return 0;
    }
  }

  private Integer verifyWal() throws Exception {
    if (backupRef != null) {
      throw new IllegalArgumentException("--wal checks every base backup; give no BACKUP with it");
    }
    try (Repository repo = repository.open(root.env())) {
      WalVerifier.Report report =
          new WalVerifier(new WalArchive(repo, keys.open(root.env()), Clock.systemUTC()))
              .verify(deep);
      PrintWriter out = root.spec.commandLine().getOut();
      report.lines().forEach(out::println);
      if (!report.ok()) {
        root.spec
            .commandLine()
            .getErr()
            .println("cadang: error: WAL archive check failed: " + report.problems().get(0));
        return CadangMain.EXIT_VERIFICATION_FAILED;
      }
      return 0;
    }
  }
}
