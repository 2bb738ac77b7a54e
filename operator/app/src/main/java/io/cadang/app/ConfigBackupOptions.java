package io.cadang.app;

import io.cadang.agent.configs.ConfigBackup;
import io.cadang.agent.configs.ConfigBackupRequest;
import io.cadang.agent.configs.ConfigSelection;
import io.cadang.agent.configs.GitCredentials;
import io.cadang.agent.configs.GitTarget;
import io.cadang.agent.configs.KubeClients;
import io.cadang.agent.configs.ResourceKind;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.repository.Repository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code cadang backup --configs}: a snapshot of Kubernetes objects (docs/configs.md). Git
 * credentials come only from the environment ({@code CADANG_GIT_TOKEN}, {@code
 * CADANG_GIT_USERNAME}, {@code CADANG_GIT_SSH_KEY}, {@code CADANG_GIT_KNOWN_HOSTS}).
 */
final class ConfigBackupOptions {
  @Option(
      names = "--configs",
      description = "Snapshot Kubernetes objects instead of a database (see --resource).")
  boolean enabled;

  @Option(
      names = "--resource",
      paramLabel = "APIVERSION/KIND",
      description = "Kind to export, e.g. apps/v1/Deployment, v1/ConfigMap (repeatable).")
  List<String> resources = new ArrayList<>();

  @Option(
      names = "--namespace",
      description = "Namespace to export from (repeatable; default: the client's namespace).")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--selector", description = "Label selector, e.g. app=luxima.")
  String selector;

  @Option(names = "--kubeconfig", description = "kubeconfig file (default: in-cluster account).")
  Path kubeconfig;

  @Option(names = "--git-url", description = "Also commit non-secret objects to this git remote.")
  String gitUrl;

  @Option(
      names = "--git-branch",
      defaultValue = "main",
      description = "Git branch (default: main).")
  String gitBranch;

  @Option(
      names = "--git-path",
      defaultValue = "",
      description = "Sub-directory of the git tree the snapshot replaces (default: the root).")
  String gitPath;

  // The operator sets the author through the environment (the policy's git.authorName/Email).
  @Option(
      names = "--git-author-name",
      defaultValue = "${env:CADANG_GIT_AUTHOR_NAME:-cadang}",
      description = "Commit author (default: $CADANG_GIT_AUTHOR_NAME, else cadang).")
  String gitAuthorName;

  @Option(
      names = "--git-author-email",
      defaultValue = "${env:CADANG_GIT_AUTHOR_EMAIL:-cadang@localhost}",
      description =
          "Commit author e-mail (default: $CADANG_GIT_AUTHOR_EMAIL, else cadang@localhost).")
  String gitAuthorEmail;

  @Option(
      names = "--git-exclude-kind",
      description =
          "Kind (or apiVersion/Kind) never written to git (repeatable; Secret always is).")
  List<String> gitExcludeKinds = new ArrayList<>();

  BackupManifest run(
      Map<String, String> env,
      Repository repository,
      KeyProvider keys,
      String backupId,
      CompressionSettings compression)
      throws Exception {
    if (resources.isEmpty()) {
      throw new IllegalArgumentException(
          "--configs needs at least one --resource, e.g. --resource=apps/v1/Deployment");
    }
    List<ResourceKind> kinds = resources.stream().map(ResourceKind::parse).toList();
    GitTarget git =
        gitUrl == null
            ? null
            : new GitTarget(
                gitUrl,
                gitBranch,
                gitPath,
                gitAuthorName,
                gitAuthorEmail,
                Set.copyOf(gitExcludeKinds));
    try (KubernetesClient client = KubeClients.open(kubeconfig)) {
      List<String> searched = namespaces.isEmpty() ? List.of(defaultNamespace(client)) : namespaces;
      return new ConfigBackup(repository, keys, client, Clock.systemUTC())
          .run(
              new ConfigBackupRequest(
                  new ConfigSelection(kinds, searched, selector),
                  backupId,
                  git,
                  GitCredentials.fromEnv(env),
                  compression));
    }
  }

  static void print(BackupManifest m, PrintWriter out) {
    BackupManifest.Configs c = m.configs();
    out.printf(
        "backup %s: configs, %d object(s) (%d Secret(s)), %s raw, %s stored, key %s%s%n",
        m.backupId(),
        c.objects(),
        c.secrets(),
        ByteSizes.human(m.totalRawBytes()),
        ByteSizes.human(m.totalStoredBytes()),
        m.encryption().wrappedKey().keyId(),
        c.git() == null
            ? ""
            : c.git().commit() == null
                ? ", git " + c.git().branch() + " unchanged"
                : ", git commit " + c.git().commit().substring(0, 12) + " on " + c.git().branch());
  }

  private static String defaultNamespace(KubernetesClient client) {
    String ns = client.getNamespace();
    return ns == null || ns.isBlank() ? "default" : ns;
  }
}
