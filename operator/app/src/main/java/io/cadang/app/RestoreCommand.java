package io.cadang.app;

import io.cadang.agent.checks.QueryCheck;
import io.cadang.agent.configs.ConfigRestoreReport;
import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.files.FilesRestoreReport;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.local.ThrowawayPostgres;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.restore.LogicalRestore;
import io.cadang.agent.restore.RestoreReport;
import io.cadang.agent.restore.RestoreRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Restore a logical backup: verify every checksum, then pg_restore in parallel, then compare"
            + " row counts with the backup. With --files-into: restore a files backup into a"
            + " directory and verify every file's SHA-256. With --configs: server-side apply of a"
            + " config snapshot, dry run first.")
final class RestoreCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreCommand.class);
  @ParentCommand CadangMain root;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;
  @Mixin FilesRestoreOptions files;
  @Mixin ConfigRestoreOptions configs;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "BACKUP",
      description = "Backup id, or 'latest' (or give --backup-id).")
  String backupRef;

  @Option(names = "--backup-id", description = "Backup id, or 'latest' (instead of BACKUP).")
  String backupId;

  @Option(
      names = {"--database", "-d"},
      description = "Database in the backup to restore (repeatable; default: all).")
  List<String> databases = new ArrayList<>();

  @Option(names = "--target-db", description = "Restore into this database (one source only).")
  String targetDb;

  @Option(names = "--create", description = "Create target databases that do not exist.")
  boolean create;

  @Option(
      names = "--overwrite",
      description = "Allow a non-empty target; objects in the backup replace existing ones.")
  boolean overwrite;

  @Option(
      names = {"--jobs", "-j"},
      defaultValue = "2",
      description = "pg_restore jobs.")
  int jobs;

  @Option(names = "--globals", description = "Also apply roles and tablespaces.")
  boolean globals;

  @Option(names = "--no-owner", description = "Do not restore ownership and privileges.")
  boolean noOwner;

  @Option(names = "--no-verify", description = "Skip the row-count comparison.")
  boolean noVerify;

  @Option(
      names = "--verify-depth",
      defaultValue = "checksums",
      description =
          "counts: compare row counts only; checksums (default): also each table's content"
              + " checksum where the backup recorded one.")
  String verifyDepth;

  @Option(
      names = "--drop-created",
      description =
          "Drill clean-up: drop the databases this restore created once it has verified them (or"
              + " failed), so the next drill finds its target empty.")
  boolean dropCreated;

  @Option(names = "--scratch-dir", description = "Where verified dumps are staged.")
  Path scratchDir;

  @Option(
      names = "--scratch-server",
      description =
          "Drill without a spare server: start a throwaway PostgreSQL (the newest in --pg-bin or"
              + " the image) under --scratch-dir, restore into it (roles too when the backup has"
              + " them), verify, run the checks, and remove it. No connection options are used.")
  boolean scratchServer;

  @Option(
      names = "--checks",
      description =
          "Application checks run on the restored databases, as a JSON array of {name, sql,"
              + " database, role, equals, minRows, maxRows}, or @FILE (default: $CADANG_CHECKS).")
  String checks;

  @Option(names = "--pg-bin", description = "PostgreSQL tools directory (default: by server).")
  Path pgBin;

  @Option(
      names = "--result-file",
      description = "Write a compact JSON result here (e.g. /dev/termination-log).")
  Path resultFile;

  @Option(
      names = "--progress-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often to log progress (default: 10s).")
  Duration progressInterval;

  @Override
  public Integer call() throws Exception {
    // Compile the crypto paths while this command connects and starts its tools.
    CryptoWarmup.ensureStarted();
    try {
      return restore();
    } catch (Exception e) {
      if (resultFile != null) {
        ResultFiles.writeError(resultFile, OneLineErrors.describe(e));
      }
      throw e;
    }
  }

  private Integer restore() throws Exception {
    try {
      backupRef = BackupRefs.pick(backupRef, backupId);
    } catch (IllegalArgumentException usage) {
      throw new ParameterException(spec.commandLine(), usage.getMessage());
    }
    if (files.strayOption() != null) {
      throw new IllegalArgumentException(
          files.strayOption() + " only applies to a files restore (--files-into)");
    }
    if (configs.enabled) {
      try (Repository repo = repository.open(root.env())) {
        ConfigRestoreReport report = configs.run(repo, keys.open(root.env()), backupRef);
        if (resultFile != null) {
          ConfigResultFiles.writeRestore(resultFile, report);
        }
        ConfigRestoreOptions.print(report, root.spec.commandLine().getOut());
        return 0;
      }
    }
    try (Repository repo = repository.open(root.env())) {
      if (files.requested()) {
        FilesRestoreReport report =
            files.run(
                repo,
                keys.open(root.env()),
                backupRef,
                overwrite,
                progressInterval,
                root.spec.commandLine().getOut());
        if (resultFile != null) {
          FilesResultFiles.writeRestore(resultFile, report);
        }
        return report.verified() ? 0 : CadangMain.EXIT_VERIFICATION_FAILED;
      }
      List<QueryCheck> queryChecks = QueryCheck.parse(ChecksOption.text(checks, root.env()));
      RestoreReport report;
      if (scratchServer) {
        report = restoreIntoScratchServer(repo, queryChecks);
      } else {
        report =
            new LogicalRestore(repo, keys.open(root.env()), progressInterval)
                .run(
                    new RestoreRequest(
                        backupRef,
                        databases,
                        connection.target(root.env()),
                        targetDb,
                        create,
                        overwrite,
                        jobs,
                        globals,
                        noOwner,
                        !noVerify,
                        scratchDir,
                        PgTools.explicitBinDir(pgBin, root.env()),
                        io.cadang.agent.postgres.VerifyDepth.parse(verifyDepth),
                        dropCreated,
                        queryChecks));
      }
      if (resultFile != null) {
        RestoreResultFiles.write(resultFile, report, !noVerify);
      }
      print(report, root.spec.commandLine().getOut(), !noVerify);
      return report.verified() ? 0 : CadangMain.EXIT_VERIFICATION_FAILED;
    }
  }

  /**
   * A drill's restore into a PostgreSQL of its own: the backup's roles come along when it has them
   * (so ownership, grants and role checks hold), otherwise ownership and grants are skipped. The
   * server and everything restored into it are removed afterwards, verified or not.
   */
  private RestoreReport restoreIntoScratchServer(Repository repo, List<QueryCheck> queryChecks)
      throws Exception {
    if (overwrite || dropCreated) {
      throw new IllegalArgumentException(
          "--scratch-server restores into a new server of its own: --overwrite and --drop-created"
              + " do not apply");
    }
    BackupManifest manifest = new BackupCatalog(repo).resolve(backupRef);
    boolean roles = manifest.object(BackupLayout.GLOBALS_OBJECT).isPresent();
    Path bin = PgTools.newest(PgTools.explicitBinDir(pgBin, root.env())).binDir();
    long t0 = System.nanoTime();
    try (ThrowawayPostgres server = ThrowawayPostgres.start(bin, scratchDir)) {
      LOG.info(
          "scratch server: PostgreSQL from {} started in {} ms under {}",
          bin,
          (System.nanoTime() - t0) / 1_000_000,
          scratchDir == null ? "the temporary directory" : scratchDir);
      return new LogicalRestore(repo, keys.open(root.env()), progressInterval)
          .run(
              new RestoreRequest(
                  manifest.backupId(),
                  databases,
                  server.target("postgres"),
                  targetDb,
                  true,
                  false,
                  jobs,
                  roles,
                  !roles,
                  !noVerify,
                  scratchDir,
                  bin,
                  io.cadang.agent.postgres.VerifyDepth.parse(verifyDepth),
                  false,
                  queryChecks));
    }
  }

  static void print(RestoreReport report, PrintWriter out, boolean verified) {
    out.printf(
        "restored backup %s in %.1f s%n", report.backupId(), report.duration().toMillis() / 1000.0);
    for (RestoreReport.DatabaseResult db : report.databases()) {
      if (!verified) {
        out.printf("  %s → %s: restored (verification skipped)%n", db.source(), db.target());
        continue;
      }
      out.printf(
          "  %s → %s: %d tables, %d rows checked, %s%n",
          db.source(),
          db.target(),
          db.tablesChecked(),
          db.rowsChecked(),
          db.mismatches().isEmpty()
              ? "all row counts match"
                  + (db.checksumsChecked() > 0
                      ? ", content checksums of " + db.checksumsChecked() + " tables match"
                      : "")
              : db.mismatches().size() + " MISMATCH");
      for (RestoreReport.Mismatch m : db.mismatches()) {
        out.printf("    MISMATCH %s%n", m.describe());
      }
    }
    CheckOutput.print(report.checks(), out);
    CheckOutput.printPhases(report.phases(), out);
  }
}
