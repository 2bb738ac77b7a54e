package io.cadang.app;

import io.cadang.agent.configs.ApplyOutcome;
import io.cadang.agent.configs.ConfigRestore;
import io.cadang.agent.configs.ConfigRestoreReport;
import io.cadang.agent.configs.KubeClients;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.repository.Repository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code cadang restore --configs}: server-side apply of a config snapshot, dry run first. */
final class ConfigRestoreOptions {
  @Option(names = "--configs", description = "Re-apply a config snapshot (server-side apply).")
  boolean enabled;

  @Option(
      names = "--dry-run",
      description = "With --configs: only report what would be created or changed.")
  boolean dryRun;

  @Option(
      names = "--namespace",
      description = "With --configs: restore only objects of this namespace (repeatable).")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--kubeconfig", description = "kubeconfig file (default: in-cluster account).")
  Path kubeconfig;

  ConfigRestoreReport run(Repository repository, KeyProvider keys, String backupRef)
      throws Exception {
    try (KubernetesClient client = KubeClients.open(kubeconfig)) {
      return new ConfigRestore(repository, keys, client)
          .run(backupRef, Set.copyOf(namespaces), dryRun);
    }
  }

  static void print(ConfigRestoreReport report, PrintWriter out) {
    for (ConfigRestoreReport.ObjectResult o : report.objects()) {
      out.printf("  %-9s %s%n", o.outcome().label(), o.object());
    }
    out.printf(
        "%s backup %s: %d created, %d changed, %d unchanged%n",
        report.applied() ? "restored" : "dry run of",
        report.backupId(),
        report.count(ApplyOutcome.CREATED),
        report.count(ApplyOutcome.CHANGED),
        report.count(ApplyOutcome.UNCHANGED));
  }
}
