package io.cadang.app;

import io.cadang.agent.backuplog.BackupLogEntry;
import io.cadang.agent.backuplog.BackupLogResult;
import io.cadang.agent.backuplog.BackupLogWriter;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.replica.ReplicaOutcome;
import io.cadang.agent.replica.ReplicaSpec;
import io.cadang.agent.replica.Replication;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.StoredDigest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * What happens after every backup command, whatever the kind (logical, physical, files, configs):
 * on success, replicate the backup (manifest already durable in the primary) and log it; on
 * failure, log the failure. Neither step can change the backup's outcome or exit code — a replica
 * or a log database being down is reported in the output and in the result file, not thrown.
 */
final class PostBackupSteps {
  private final Map<String, String> env;
  private final RepositoryOption repository;
  private final List<ReplicaSpec> replicas;
  private final int catchUpLimit;
  private final BackupLogOptions.Prepared log;
  private final String policy;
  private final Path resultFile;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;
  private final Instant startedAt;

  private PostBackupSteps(
      Map<String, String> env,
      RepositoryOption repository,
      List<ReplicaSpec> replicas,
      int catchUpLimit,
      BackupLogOptions.Prepared log,
      String policy,
      Path resultFile,
      CommandLine cli,
      Clock clock) {
    this.env = env;
    this.repository = repository;
    this.replicas = replicas;
    this.catchUpLimit = catchUpLimit;
    this.log = log;
    this.policy = policy;
    this.resultFile = resultFile;
    this.out = cli.getOut();
    this.err = cli.getErr();
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  /** Checks the options before any backup work (a malformed one is a usage error). */
  static PostBackupSteps prepare(
      CommandLine cli,
      Map<String, String> env,
      RepositoryOption repository,
      ReplicaOptions replicas,
      ReplicaOptions.CatchUp catchUp,
      BackupLogOptions log,
      Path resultFile) {
    if (catchUp.limit < 0) {
      throw new CommandLine.ParameterException(
          cli, "--replica-catch-up-limit must be 0 or more, got " + catchUp.limit);
    }
    return new PostBackupSteps(
        env,
        repository,
        replicas.specs(cli),
        catchUp.limit,
        log.prepare(cli, env),
        log.policy,
        resultFile,
        cli,
        Clock.systemUTC());
  }

  /** After the manifest is durable in the primary. Never throws. */
  void succeeded(BackupManifest m) {
    if (m == null) {
      // A backup kind that does not hand its manifest over (a wiring bug, not a user error).
      err.println("cadang: warning: no manifest handed to replication and the backup log");
      return;
    }
    List<ReplicaOutcome> outcomes = List.of();
    String manifestSha256 = null;
    if (!replicas.isEmpty() || log.requested()) {
      try (Repository primary = repository.open(env)) {
        manifestSha256 = manifestSha256(primary, m.backupId());
        outcomes = Replication.afterBackup(primary, replicas, env, m.backupId(), catchUpLimit);
      } catch (Exception e) {
        // Only reachable when the primary cannot be reopened; the backup itself is done.
        outcomes =
            replicas.stream()
                .map(
                    r ->
                        new ReplicaOutcome(
                            r.name(),
                            ReplicaOutcome.FAILED,
                            "primary not readable for replication: " + OneLineErrors.describe(e),
                            0,
                            0,
                            0,
                            0,
                            List.of(),
                            -1))
                .toList();
      }
    }
    for (ReplicaOutcome o : outcomes) {
      if (o.replicated()) {
        out.printf(
            "replica %s: %s, %d object(s) copied (%s), %d already present%s%n",
            o.name(),
            o.state(),
            o.objects(),
            ByteSizes.human(o.bytes()),
            o.skipped(),
            o.caughtUp().isEmpty() ? "" : ", caught up " + String.join(", ", o.caughtUp()));
      } else {
        err.println("cadang: warning: replica " + o.name() + " failed: " + o.message());
      }
    }
    BackupLogResult logged =
        writeLog(
            new BackupLogEntry(
                m.backupId(),
                policy,
                m.kind(),
                startedAt,
                clock.instant(),
                m.totalRawBytes(),
                m.totalStoredBytes(),
                manifestSha256,
                BackupLogEntry.SUCCEEDED,
                summary(m, outcomes)));
    ResultFiles.addPostBackup(resultFile, replicas.isEmpty() ? null : outcomes, logged);
  }

  /** After a failed backup: only the log. Never throws. */
  void failed(String backupId, String kind, String message) {
    BackupLogResult logged =
        writeLog(
            new BackupLogEntry(
                backupId == null ? "unassigned" : backupId,
                policy,
                kind,
                startedAt,
                clock.instant(),
                null,
                null,
                null,
                BackupLogEntry.FAILED,
                message));
    ResultFiles.addPostBackup(resultFile, null, logged);
  }

  /** Null when no log was asked for. */
  private BackupLogResult writeLog(BackupLogEntry entry) {
    if (!log.requested()) {
      return null;
    }
    BackupLogResult result =
        log.target() == null
            ? new BackupLogResult(false, log.problem())
            : BackupLogWriter.write(log.target(), entry);
    if (!result.written()) {
      err.println("cadang: warning: " + result.error());
    }
    return result;
  }

  private static String manifestSha256(Repository primary, String backupId) {
    try (var in = primary.open(BackupLayout.manifestKey(backupId))) {
      return StoredDigest.of(in.readAllBytes()).sha256();
    } catch (Exception e) {
      return null;
    }
  }

  private static String summary(BackupManifest m, List<ReplicaOutcome> outcomes) {
    String text =
        m.kind()
            + " backup, "
            + m.objects().size()
            + " object(s), "
            + ByteSizes.human(m.totalStoredBytes())
            + " stored";
    if (!outcomes.isEmpty()) {
      text +=
          "; replicas: "
              + outcomes.stream()
                  .map(o -> o.name() + "=" + o.state())
                  .collect(Collectors.joining(", "));
    }
    return text;
  }
}
