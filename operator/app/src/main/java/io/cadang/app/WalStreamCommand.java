package io.cadang.app;

import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.replica.ReplicaEnvironment;
import io.cadang.agent.replica.ReplicaSpec;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalReplicator;
import io.cadang.agent.wal.WalStatus;
import io.cadang.agent.wal.WalStreamer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "wal-stream",
    mixinStandardHelpOptions = true,
    description =
        "Continuous WAL archiving: pg_receivewal into a local spool, every completed segment and"
            + " the growing partial segment encrypted into the repository; the replication slot"
            + " advances only past stored segments. Each --replica gets the same WAL archive"
            + " copied as stored, verified, with its own wal/status.json. SIGTERM: final partial"
            + " upload, a last replica pass, exit 0.")
final class WalStreamCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;
  @Mixin ReplicaOptions replicas;

  @Option(
      names = "--slot",
      required = true,
      description = "Physical replication slot (created if missing).")
  String slot;

  @Option(
      names = "--partial-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often the growing segment is uploaded and status written (default: 10s).")
  Duration partialInterval;

  @Option(
      names = "--spool-dir",
      description =
          "Local directory for pg_receivewal (default: a new temporary directory; may be"
              + " empty after a restart: streaming resumes at the slot).")
  Path spoolDir;

  @Option(names = "--pg-bin", description = "PostgreSQL tools directory (default: by server).")
  Path pgBin;

  @Override
  public Integer call() throws Exception {
    if (!slot.matches("[a-z0-9_]{1,63}")) {
      throw new IllegalArgumentException(
          "--slot '" + slot + "' is not a valid slot name (lower-case letters, digits, _)");
    }
    if (partialInterval.isNegative() || partialInterval.toMillis() < 1000) {
      throw new IllegalArgumentException("--partial-interval must be at least 1s");
    }
    List<ReplicaSpec> specs = replicas.specs(spec.commandLine());
    CryptoWarmup.ensureStarted();
    Path spool = spoolDir != null ? spoolDir : Files.createTempDirectory("cadang-wal-spool-");
    List<Repository> primaryHandles = new ArrayList<>();
    try (Repository repo = repository.open(root.env())) {
      List<WalReplicator> replicators = new ArrayList<>();
      for (ReplicaSpec replica : specs) {
        // Each replicator reads the primary through its own handle (own connections): a stalled
        // replica then never holds what the streamer needs.
        Repository primary = repository.open(root.env());
        primaryHandles.add(primary);
        replicators.add(
            new WalReplicator(
                replica.name(),
                primary,
                () -> ReplicaEnvironment.open(replica, root.env()),
                partialInterval));
      }
      WalStreamer streamer =
          new WalStreamer(
              repo,
              keys.open(root.env()),
              Clock.systemUTC(),
              new WalStreamer.Settings(
                  connection.target(root.env()),
                  io.cadang.agent.postgres.PgTools.explicitBinDir(pgBin, root.env()),
                  slot,
                  spool,
                  partialInterval),
              replicators);
      StopSignals.onTerminate(streamer::requestStop);
      WalStatus last = streamer.run();
      root.spec
          .commandLine()
          .getOut()
          .printf(
              "wal-stream stopped: archived up to %s (%s), slot %s%n",
              last.archivedLsn(), last.lastSegment(), last.slot());
      return 0;
    } finally {
      for (Repository primary : primaryHandles) {
        try {
          primary.close();
        } catch (IOException | RuntimeException e) {
          // the process ends anyway
        }
      }
    }
  }
}
