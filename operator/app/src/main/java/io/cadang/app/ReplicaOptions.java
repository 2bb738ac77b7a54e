package io.cadang.app;

import io.cadang.agent.replica.ReplicaSpec;
import io.cadang.agent.replica.Replicator;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Replica repositories: {@code --replica=NAME=URI}, repeatable, in policy order. */
final class ReplicaOptions {
  @Option(
      names = "--replica",
      paramLabel = "NAME=URI",
      description =
          "Replica repository (repeatable, same URI format as --repo). Credentials of the i-th"
              + " replica (0-based) only from CADANG_REPLICA_<i>_ACCESS_KEY_ID /"
              + " CADANG_REPLICA_<i>_SECRET_ACCESS_KEY (or their _FILE forms).")
  List<String> replicas = new ArrayList<>();

  /** Parsed replicas; a malformed value is a usage error before any work starts. */
  List<ReplicaSpec> specs(CommandLine cli) {
    List<ReplicaSpec> specs = new ArrayList<>();
    for (String value : replicas) {
      try {
        ReplicaSpec spec = ReplicaSpec.parse(value, specs.size());
        if (specs.stream().anyMatch(s -> s.name().equals(spec.name()))) {
          throw new ParameterException(cli, "replica '" + spec.name() + "' given twice");
        }
        specs.add(spec);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cli, e.getMessage());
      }
    }
    return specs;
  }

  /** The catch-up bound after a backup (not used by {@code cadang replicate}). */
  static final class CatchUp {
    @Option(
        names = "--replica-catch-up-limit",
        defaultValue = "" + Replicator.DEFAULT_CATCH_UP_LIMIT,
        description =
            "After the backup, copy at most this many older backups missing in a replica (default:"
                + " 5; 0 disables catch-up).")
    int limit;
  }
}
