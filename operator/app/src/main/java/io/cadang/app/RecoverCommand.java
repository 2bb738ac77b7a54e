package io.cadang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.checks.QueryCheck;
import io.cadang.agent.checks.ServerChecks;
import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.physical.PhysicalRecovery;
import io.cadang.agent.physical.RecoveryReport;
import io.cadang.agent.physical.RecoveryRequest;
import io.cadang.agent.physical.RecoveryTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "Point-in-time recovery into a data directory: restore the newest physical base backup"
            + " before the target, replay archived WAL (cadang wal-fetch) up to it, promote, and"
            + " shut down cleanly, leaving the directory ready for PostgreSQL.")
final class RecoverCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand CadangMain root;
  @Spec CommandSpec spec;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;

  @Option(
      names = "--data-dir",
      required = true,
      description = "Directory to recover into; must be empty or absent.")
  Path dataDir;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(
        names = "--time",
        description = "Recover to this moment (RFC 3339, e.g. 2026-11-21T14:03:12Z).")
    String time;

    @Option(names = "--lsn", description = "Recover to this WAL position (e.g. 0/7A3F0D8).")
    String lsn;

    @Option(names = "--latest", description = "Recover everything the archive holds.")
    boolean latest;
  }

  @Option(names = "--backup-id", description = "Base backup to start from (default: chosen).")
  String backupId;

  @Option(names = "--pg-bin", description = "PostgreSQL binaries directory (default: by backup).")
  Path pgBin;

  @Option(
      names = "--port",
      description = "Port of the temporary recovery server (private socket only; default: free).")
  Integer port;

  @Option(
      names = "--recovery-timeout",
      defaultValue = "12h",
      converter = DurationConverter.class,
      description = "How long WAL replay may take (default: 12h).")
  Duration timeout;

  @Option(
      names = "--amcheck",
      description =
          "Check every table and B-tree index of the recovered cluster with pg_amcheck before"
              + " shutting it down (the amcheck extension is installed where missing, then dropped).")
  boolean amcheck;

  @Option(
      names = "--checks",
      description =
          "Application checks run on the recovered cluster, as a JSON array of {name, sql,"
              + " database, role, equals, minRows, maxRows}, or @FILE (default: $CADANG_CHECKS).")
  String checks;

  @Option(
      names = "--discard",
      description =
          "Drill: delete the recovered directory once it has been checked (or has failed).")
  boolean discard;

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
    CryptoWarmup.ensureStarted();
    try {
      return recover();
    } catch (Exception e) {
      if (resultFile != null) {
        ResultFiles.writeError(resultFile, OneLineErrors.describe(e));
      }
      throw e;
    }
  }

  private Integer recover() throws Exception {
    RecoveryTarget recoveryTarget = parseTarget();
    try (Repository repo = repository.open(root.env())) {
      RecoveryReport report =
          new PhysicalRecovery(repo, keys.open(root.env()), progressInterval)
              .run(
                  new RecoveryRequest(
                      dataDir,
                      recoveryTarget,
                      backupId,
                      PgTools.explicitBinDir(pgBin, root.env()),
                      port,
                      repository.uri,
                      keys.options(root.env()),
                      root.env(),
                      CadangMain.class.getName(),
                      timeout,
                      new ServerChecks(
                          QueryCheck.parse(ChecksOption.text(checks, root.env())), amcheck),
                      discard));
      if (resultFile != null) {
        Files.write(resultFile, JSON.writeValueAsBytes(result(report)));
      }
      root.spec
          .commandLine()
          .getOut()
          .printf(
              "recovered %s from backup %s to %s (LSN %s, timeline %d), %d WAL file(s) fetched,"
                  + " %.1f s%n",
              dataDir,
              report.backupId(),
              report.recoveredToTime(),
              report.recoveredToLsn(),
              report.timeline(),
              report.segmentsFetched(),
              report.duration().toMillis() / 1000.0);
      CheckOutput.print(report.checks(), root.spec.commandLine().getOut());
      CheckOutput.printPhases(report.phases(), root.spec.commandLine().getOut());
      if (discard) {
        root.spec.commandLine().getOut().printf("discarded %s (drill)%n", dataDir);
      }
      return report.verified() ? 0 : CadangMain.EXIT_VERIFICATION_FAILED;
    }
  }

  private RecoveryTarget parseTarget() {
    if (target.latest) {
      return RecoveryTarget.latest();
    }
    if (target.lsn != null) {
      try {
        return RecoveryTarget.lsn(Lsn.parse(target.lsn));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--lsn: " + e.getMessage());
      }
    }
    try {
      return RecoveryTarget.time(OffsetDateTime.parse(target.time).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return RecoveryTarget.time(Instant.parse(target.time));
      } catch (DateTimeParseException again) {
        throw new ParameterException(
            spec.commandLine(),
            "--time '" + target.time + "' is not an RFC 3339 time like 2026-11-21T14:03:12Z");
      }
    }
  }

  /** The recover result JSON of docs/pitr.md. */
  static ObjectNode result(RecoveryReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("backupId", r.backupId());
    root.put("recoveredToTime", r.recoveredToTime().toString());
    root.put("recoveredToLsn", r.recoveredToLsn());
    root.put("timeline", r.timeline());
    root.put("target", r.target());
    root.put("segmentsFetched", r.segmentsFetched());
    root.put("durationMillis", r.duration().toMillis());
    CheckOutput.put(root, r.checks());
    CheckOutput.putPhases(root, r.phases());
    root.put("verified", r.verified());
    return root;
  }
}
