package io.cadang.app;

import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.replica.ReplicaOutcome;
import io.cadang.agent.replica.ReplicaSpec;
import io.cadang.agent.replica.Replicator;
import io.cadang.agent.repository.Repository;
import java.nio.file.Path;
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
    name = "replicate",
    mixinStandardHelpOptions = true,
    description = {
      "Copy backups from the repository to replica repositories exactly as stored (no key"
          + " needed), manifest last, then read every object back and check its size and SHA-256.",
      "Default: the backups the replica lacks. Objects already correct are kept, wrong ones"
          + " copied again."
    })
final class ReplicateCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;
  @Spec CommandSpec spec;
  @Mixin RepositoryOption repository;
  @Mixin ReplicaOptions replicas;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Which which;

  static final class Which {
    @Option(
        names = "--backup-id",
        description = "Replicate (and re-verify) this backup; 'latest' for the newest.")
    String backupId;

    @Option(
        names = "--all",
        description = "Every backup of the repository, re-verifying those already replicated.")
    boolean all;
  }

  @Option(names = "--result-file", description = "Write a compact JSON result here.")
  Path resultFile;

  @Override
  public Integer call() throws Exception {
    List<ReplicaSpec> specs = replicas.specs(spec.commandLine());
    if (specs.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give at least one --replica=NAME=URI");
    }
    List<ReplicaOutcome> outcomes = new ArrayList<>();
    try (Repository primary = repository.open(root.env())) {
      String backupId =
          which != null && which.backupId != null
              ? new BackupCatalog(primary).resolve(which.backupId).backupId()
              : null;
      for (ReplicaSpec replica : specs) {
        Replicator replicator = new Replicator(primary, replica, root.env());
        outcomes.add(
            backupId != null
                ? replicator.replicate(List.of(backupId))
                : replicator.replicate(
                    which != null && which.all
                        ? Replicator.Selection.ALL
                        : Replicator.Selection.MISSING));
      }
    }
    if (resultFile != null) {
      java.nio.file.Files.deleteIfExists(resultFile); // a fresh result, not merged into an old one
      ResultFiles.addPostBackup(resultFile, outcomes, null);
    }
    List<String> failures = new ArrayList<>();
    for (ReplicaOutcome o : outcomes) {
      if (o.replicated()) {
        root.spec
            .commandLine()
            .getOut()
            .printf(
                "replica %s: %s; %d object(s) copied (%s), %d already present, %d repaired%n",
                o.name(),
                o.message(),
                o.objects(),
                ByteSizes.human(o.bytes()),
                o.skipped(),
                o.repaired());
      } else {
        failures.add("replica " + o.name() + ": " + o.message());
      }
    }
    if (!failures.isEmpty()) {
      // One error line, like every failed cadang command, however many replicas failed.
      spec.commandLine().getErr().println("cadang: error: " + String.join("; ", failures));
    }
    return failures.isEmpty() ? 0 : CadangMain.EXIT_FAILURE;
  }
}
