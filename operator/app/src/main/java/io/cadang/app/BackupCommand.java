package io.cadang.app;

import io.cadang.agent.backup.BackupRequest;
import io.cadang.agent.backup.LogicalBackup;
import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.physical.PhysicalBackup;
import io.cadang.agent.physical.PhysicalBackupRequest;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.VerifyDepth;
import io.cadang.agent.repository.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Logical backup: pg_dump (custom format) → zstd → AES-256-GCM → repository, manifest last.",
      "Physical backup (--method physical): pg_basebackup of the whole cluster, the base for"
          + " point-in-time recovery ('cadang recover').",
      "Files backup (--files DIR): a tar of a directory tree with a SHA-256 index (docs/files.md).",
      "Config snapshot (--configs): Kubernetes objects as clean YAML into the repository, and"
          + " optionally the non-secret ones into git (docs/configs.md)."
    })
final class BackupCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;
  @Mixin FilesBackupOptions files;
  @Mixin ReplicaOptions replicas;
  @Mixin ReplicaOptions.CatchUp catchUp;
  @Mixin BackupLogOptions backupLog;

  /** The finished backup, set by each kind's branch for the steps after it (PostBackupSteps). */
  private BackupManifest completed;

  @Mixin ConfigBackupOptions configs;

  @Option(
      names = "--method",
      defaultValue = "logical",
      description = "logical (pg_dump per database, default) or physical (pg_basebackup).")
  String method;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Selection selection;

  static final class Selection {
    @Option(
        names = {"--database", "-d"},
        description = "Database to back up (repeatable).")
    List<String> databases = new ArrayList<>();

    @Option(names = "--all-databases", description = "Every non-template database.")
    boolean all;
  }

  @Option(names = "--globals", description = "Also back up roles and tablespaces.")
  boolean globals;

  @Option(names = "--backup-id", description = "Backup id (default: UTC timestamp + random).")
  String backupId;

  @Option(
      names = "--compression-level",
      defaultValue = "1",
      description = "zstd level (default: 1).")
  int level;

  @Option(
      names = "--compression-workers",
      description = "zstd worker threads (default: 1, compression in the pipeline thread).")
  Integer workers;

  @Option(names = "--pg-bin", description = "PostgreSQL tools directory (default: by server).")
  Path pgBin;

  @Option(
      names = "--verify-depth",
      defaultValue = "checksums",
      description =
          "What the manifest records per table for restores to compare: counts (exact row counts)"
              + " or checksums (row counts and a content checksum; default).")
  String verifyDepth;

  @Option(
      names = "--result-file",
      description = "Write a compact JSON result here (e.g. /dev/termination-log).")
  Path resultFile;

  @Option(
      names = "--progress-interval",
      defaultValue = "10s",
      description = "How often to log progress (default: 10s).",
      converter = DurationConverter.class)
  Duration progressInterval;

  @Override
  public Integer call() throws Exception {
    // Compile the crypto paths while this command connects and starts its tools.
    CryptoWarmup.ensureStarted();
    PostBackupSteps after =
        PostBackupSteps.prepare(
            spec.commandLine(), root.env(), repository, replicas, catchUp, backupLog, resultFile);
    int code;
    try {
      code = backup();
    } catch (Exception e) {
      String message = OneLineErrors.describe(e);
      if (resultFile != null) {
        ResultFiles.writeError(resultFile, message);
      }
      after.failed(backupId, kind(), message);
      throw e;
    }
    // Replication and the log run once the manifest is durable, for every kind of backup.
    after.succeeded(completed);
    return code;
  }

  private Integer backup() throws Exception {
    CompressionSettings compression =
        new CompressionSettings(
            level, workers != null ? workers : CompressionSettings.defaults().workers());
    boolean physical = files.requested() ? checkFilesOptions() : checkMethod();
    try (Repository repo = repository.open(root.env())) {
      if (files.requested()) {
        BackupManifest m =
            files.run(
                repo,
                keys.open(root.env()),
                backupId,
                compression,
                progressInterval,
                root.spec.commandLine().getOut());
        completed = m;
        if (resultFile != null) {
          ResultFiles.write(resultFile, m);
        }
        return 0;
      }
      if (configs.enabled) {
        BackupManifest m =
            configs.run(root.env(), repo, keys.open(root.env()), backupId, compression);
        completed = m;
        if (resultFile != null) {
          ResultFiles.write(resultFile, m);
        }
        ConfigBackupOptions.print(m, root.spec.commandLine().getOut());
        return 0;
      }
      if (physical) {
        return physicalBackup(repo, compression);
      }
      KeyProvider keyProvider = keys.open(root.env());
      BackupManifest m =
          new LogicalBackup(repo, keyProvider, Clock.systemUTC(), progressInterval)
              .run(
                  new BackupRequest(
                      connection.target(root.env()),
                      selection.all ? List.of() : selection.databases,
                      globals,
                      backupId,
                      PgTools.explicitBinDir(pgBin, root.env()),
                      compression,
                      VerifyDepth.parse(verifyDepth)));
      completed = m;
      if (resultFile != null) {
        ResultFiles.write(resultFile, m);
      }
      root.spec
          .commandLine()
          .getOut()
          .printf(
              "backup %s: %d database(s), %s raw, %s stored, %d object(s), key %s%n",
              m.backupId(),
              m.databases().size(),
              ByteSizes.human(m.totalRawBytes()),
              ByteSizes.human(m.totalStoredBytes()),
              m.objects().size(),
              m.encryption().wrappedKey().keyId());
      return 0;
    }
  }

  /** The kind written to the backup log when the backup failed before it had a manifest. */
  private String kind() {
    if (files.requested()) {
      return BackupManifest.KIND_FILES;
    }
    return configs.enabled ? BackupManifest.KIND_CONFIGS : method;
  }

  /** A files backup takes no database options. */
  private boolean checkFilesOptions() {
    if (configs.enabled) {
      throw new ParameterException(
          spec.commandLine(), "--files and --configs are separate backups: choose one");
    }
    if (selection != null || globals || !"logical".equals(method)) {
      throw new ParameterException(
          spec.commandLine(),
          "--files backs up a directory; --database, --all-databases, --globals and --method do"
              + " not apply");
    }
    return false;
  }

  /** True for a physical backup; rejects options that belong to the other method. */
  private boolean checkMethod() {
    if (files.strayOption() != null) {
      throw new ParameterException(
          spec.commandLine(), files.strayOption() + " only applies to a files backup (--files)");
    }
    if (configs.enabled) {
      if (selection != null || globals || !"logical".equals(method)) {
        throw new ParameterException(
            spec.commandLine(),
            "--configs backs up Kubernetes objects; --method, --database, --all-databases and"
                + " --globals do not apply");
      }
      return false;
    }
    switch (method) {
      case "logical" -> {
        if (selection == null) {
          throw new ParameterException(
              spec.commandLine(),
              "a logical backup needs --database or --all-databases (or use --method physical)");
        }
        return false;
      }
      case "physical" -> {
        if (selection != null || globals) {
          throw new ParameterException(
              spec.commandLine(),
              "--method physical backs up the whole cluster; --database, --all-databases and"
                  + " --globals do not apply");
        }
        return true;
      }
      default ->
          throw new ParameterException(
              spec.commandLine(), "unknown --method '" + method + "': use logical or physical");
    }
  }

  private Integer physicalBackup(Repository repo, CompressionSettings compression)
      throws Exception {
    BackupManifest m =
        new PhysicalBackup(repo, keys.open(root.env()), Clock.systemUTC(), progressInterval)
            .run(
                new PhysicalBackupRequest(
                    connection.target(root.env()),
                    backupId,
                    PgTools.explicitBinDir(pgBin, root.env()),
                    compression));
    completed = m;
    if (resultFile != null) {
      ResultFiles.write(resultFile, m);
    }
    root.spec
        .commandLine()
        .getOut()
        .printf(
            "backup %s: physical, WAL %s … %s on timeline %d, %s raw, %s stored, key %s%n",
            m.backupId(),
            m.physical().startLsn(),
            m.physical().stopLsn(),
            m.physical().timeline(),
            ByteSizes.human(m.totalRawBytes()),
            ByteSizes.human(m.totalStoredBytes()),
            m.encryption().wrappedKey().keyId());
    return 0;
  }
}
