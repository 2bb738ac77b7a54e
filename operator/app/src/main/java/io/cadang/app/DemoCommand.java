package io.cadang.app;

import io.cadang.agent.backup.BackupRequest;
import io.cadang.agent.backup.LogicalBackup;
import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.local.SampleData;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.restore.LogicalRestore;
import io.cadang.agent.restore.RestoreReport;
import io.cadang.agent.restore.RestoreRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The whole data path on this machine with nothing to configure: a throwaway PostgreSQL with sample
 * data, an encrypted backup to a local repository, a restore into a new database, verified.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start a throwaway PostgreSQL with sample data, back it up encrypted to a local repository,"
            + " restore it into a new database and print the verification.")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;

  @Option(
      names = "--work-dir",
      defaultValue = ".cadang/demo",
      description = "Where the repository and the demo key live (default: .cadang/demo).")
  Path workDir;

  @Option(names = "--customers", defaultValue = "2000", description = "Sample size.")
  int customers;

  @Option(names = "--pg-bin", description = "PostgreSQL tools directory (default: newest).")
  Path pgBin;

  @Override
  public Integer call() throws Exception {
    // Compile the crypto paths while this command connects and starts its tools.
    CryptoWarmup.ensureStarted();
    PrintWriter out = root.spec.commandLine().getOut();
    Path dir = workDir.toAbsolutePath();
    Files.createDirectories(dir);
    Path keyFile = dir.resolve("demo.key");
    if (!Files.exists(keyFile)) {
      LocalKeyProvider.generateKeyFile(keyFile);
    }
    KeyProvider keys = LocalKeyProvider.fromFile(keyFile);
    String repoUri = dir.resolve("repo").toUri().toString();
    PgTools tools = PgTools.newest(PgTools.explicitBinDir(pgBin, root.env()));

    out.printf("1/4 starting a throwaway PostgreSQL %d ...%n", tools.major());
    try (ThrowawayPostgres pg = ThrowawayPostgres.start(tools.binDir());
        Repository repo = Repositories.open(repoUri, root.env())) {
      out.printf("    listening on 127.0.0.1:%d%n", pg.port());
      out.printf("2/4 creating sample database 'shop' (%d customers) ...%n", customers);
      SampleData.create(pg.target("postgres"), "shop", customers);

      out.printf("3/4 backing up 'shop' + globals, encrypted, to %s ...%n", repoUri);
      BackupManifest m =
          new LogicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
              .run(
                  new BackupRequest(
                      pg.target("postgres"),
                      List.of("shop"),
                      true,
                      null,
                      tools.binDir(),
                      CompressionSettings.defaults()));
      out.printf(
          "    backup %s: %s raw → %s stored, key %s%n",
          m.backupId(),
          ByteSizes.human(m.totalRawBytes()),
          ByteSizes.human(m.totalStoredBytes()),
          m.encryption().wrappedKey().keyId());

      out.printf("4/4 restoring into new database 'shop_restored' and verifying ...%n");
      RestoreReport report =
          new LogicalRestore(repo, keys, Duration.ofSeconds(10))
              .run(
                  new RestoreRequest(
                      m.backupId(),
                      List.of("shop"),
                      pg.target("postgres"),
                      "shop_restored",
                      true,
                      false,
                      2,
                      false,
                      false,
                      true,
                      dir.resolve("scratch"),
                      tools.binDir()));
      RestoreCommand.print(report, out, true);
      for (BackupManifest.TableRows t : m.database("shop").orElseThrow().tables()) {
        out.printf("    %-28s %8d rows%n", t.qualifiedName(), t.rows());
      }
      out.printf(
          "%s. Repository: %s (key: %s). Try: ./cadang list" + " --repo %s%n",
          report.verified() ? "Demo OK" : "Demo FAILED", repoUri, keyFile, repoUri);
      return report.verified() ? 0 : CadangMain.EXIT_VERIFICATION_FAILED;
    }
  }
}
