package io.cadang.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupLog;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupSource;
import io.cadang.api.v1alpha1.ConfigsSource;
import io.cadang.api.v1alpha1.GitCredentialsSecret;
import io.cadang.api.v1alpha1.GitTarget;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.PostgresCredentialsSecret;
import io.cadang.api.v1alpha1.ResourceKind;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The backup Job per source kind, replicas and log sink, exactly as docs/backuppolicy.md says. */
class BackupJobsSourcesTest {
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(Set.of(), "cadang:1.0", 8080, false, "ops", "cadang-agent");

  /** Plain (non-secret) values the builder may set; everything else must be a secretKeyRef. */
  private static final Set<String> PLAIN_ENV =
      Set.of(BackupSourceArgs.GIT_AUTHOR_NAME, BackupSourceArgs.GIT_AUTHOR_EMAIL);

  private final BackupRun run = Fixtures.run("uploads-20261121", "uploads");

  @Test
  void filesSourceMountsTheClaimReadOnlyAndNamesPathsAndExcludes() {
    BackupPolicy policy = Fixtures.filesPolicy("uploads", "http://s3.local:9000", "luxima-uploads");
    Job job = BackupJobs.desired(run, policy, SETTINGS);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container agent = pod.getContainers().get(0);

    assertEquals(
        List.of(
            "backup",
            "--files=/cadang/source",
            "--path=uploads",
            "--path=avatars/2026",
            "--exclude=*.tmp",
            "--exclude=cache/*",
            "--backup-id=uploads-20261121"),
        agent.getArgs().subList(0, 7));
    assertTrue(agent.getArgs().stream().anyMatch(a -> a.startsWith("--repo=s3://files/db?")));
    assertEquals("--result-file=/dev/termination-log", last(agent.getArgs()));
    assertTrue(agent.getArgs().stream().noneMatch(a -> a.startsWith("--host=")));

    Volume source = volume(pod, "source");
    assertEquals("luxima-uploads", source.getPersistentVolumeClaim().getClaimName());
    assertEquals(true, source.getPersistentVolumeClaim().getReadOnly());
    VolumeMount mount = mount(agent, "source");
    assertEquals("/cadang/source", mount.getMountPath());
    assertEquals(true, mount.getReadOnly());
    // No PostgreSQL credentials for a files source; the repository and key only by reference.
    assertEquals(
        Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "CADANG_MASTER_KEY"), names(agent));
    assertOnlySecretReferences(agent);
  }

  @Test
  void verifyDepthCountsIsPassedAndChecksumsIsTheAgentsDefault() {
    BackupPolicy policy = Fixtures.policy("shop", "http://s3.local:9000", "bk");
    assertTrue(
        BackupJobs.args(run, policy).stream().noneMatch(a -> a.startsWith("--verify-depth")),
        "Checksums: the agent's default, no flag");

    policy
        .getSpec()
        .getSource()
        .getPostgres()
        .setVerifyDepth(io.cadang.api.v1alpha1.VerifyDepth.COUNTS);

    assertTrue(BackupJobs.args(run, policy).contains("--verify-depth=counts"));
  }

  @Test
  void filesSourceWithoutPathsBacksUpTheWholeClaim() {
    BackupPolicy policy = Fixtures.filesPolicy("uploads", "http://s3.local:9000", "c");
    policy.getSpec().getSource().getFiles().setPaths(null);
    policy.getSpec().getSource().getFiles().setExcludes(null);

    List<String> args = BackupJobs.args(run, policy);

    assertEquals(List.of("backup", "--files=/cadang/source", "--path=."), args.subList(0, 3));
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--exclude")));
  }

  @Test
  void configsSourceListsKindsNamespacesSelectorAndGitWithCredentialsOnlyInEnv() {
    BackupPolicy policy = configsPolicy();
    Job job = BackupJobs.desired(run, policy, SETTINGS);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container agent = pod.getContainers().get(0);

    assertEquals(
        List.of(
            "backup",
            "--configs",
            "--resource=apps/v1/Deployment",
            "--resource=v1/ConfigMap",
            "--resource=cert-manager.io/v1/Certificate",
            "--namespace=backups",
            "--selector=app=luxima",
            "--git-url=https://git.luxima.internal/ops/cluster-config.git",
            "--git-branch=main",
            "--git-path=clusters/prod",
            "--backup-id=uploads-20261121"),
        agent.getArgs().subList(0, 11));
    assertEquals("config-reader", pod.getServiceAccountName());
    EnvVar token = env(agent, "CADANG_GIT_TOKEN");
    assertEquals("git-push", token.getValueFrom().getSecretKeyRef().getName());
    assertEquals("token", token.getValueFrom().getSecretKeyRef().getKey());
    assertEquals("ssh", env(agent, "CADANG_GIT_SSH_KEY").getValueFrom().getSecretKeyRef().getKey());
    assertEquals(
        "known_hosts",
        env(agent, "CADANG_GIT_KNOWN_HOSTS").getValueFrom().getSecretKeyRef().getKey());
    assertEquals("cadang", env(agent, "CADANG_GIT_AUTHOR_NAME").getValue());
    assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getPersistentVolumeClaim() != null));
    assertOnlySecretReferences(agent);
  }

  @Test
  void configsSourceNamesItsNamespacesWhenGiven() {
    BackupPolicy policy = configsPolicy();
    policy.getSpec().getSource().getConfigs().setNamespaces(List.of("luxima", "ingress"));
    policy.getSpec().getSource().getConfigs().setGit(null);

    List<String> args = BackupJobs.args(run, policy);

    assertTrue(args.containsAll(List.of("--namespace=luxima", "--namespace=ingress")));
    assertFalse(args.contains("--namespace=backups"));
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--git-")));
  }

  @Test
  void replicasAreNumberedFlagsWithNumberedCredentialEnvInSpecOrder() {
    BackupPolicy policy = Fixtures.policy("nightly", "http://s3.local:9000", "bk");
    policy
        .getSpec()
        .getStorage()
        .setReplicas(
            List.of(
                Fixtures.replica("dr-west", "http://s3-west:9000", "bk-west", "west-s3"),
                Fixtures.replica("dr-east", "http://s3-east:9000", "bk-east", "east-s3")));
    Container agent =
        BackupJobs.desired(run, policy, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    List<String> replicas =
        agent.getArgs().stream().filter(a -> a.startsWith("--replica=")).toList();
    assertEquals(2, replicas.size());
    assertTrue(
        replicas.get(0).startsWith("--replica=dr-west=s3://bk-west?endpoint=http%3A%2F%2Fs3-west"),
        replicas.get(0));
    assertTrue(replicas.get(1).startsWith("--replica=dr-east=s3://bk-east?"), replicas.get(1));
    assertEquals(
        "west-s3",
        env(agent, "CADANG_REPLICA_0_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName());
    assertEquals(
        "AWS_SECRET_ACCESS_KEY",
        env(agent, "CADANG_REPLICA_0_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey());
    assertEquals(
        "east-s3",
        env(agent, "CADANG_REPLICA_1_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName());
    // The primary keeps the SDK's own names.
    assertEquals(
        "s3-credentials",
        env(agent, "AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName());
    assertOnlySecretReferences(agent);
  }

  @Test
  void backupLogSinkPassesWhereToWriteAndItsRoleOnlyByEnv() {
    BackupPolicy policy = Fixtures.policy("nightly", "http://s3.local:9000", "bk");
    BackupLog log = new BackupLog();
    log.setHost("catalog-db.luxima.svc");
    log.setDatabase("postgres");
    PostgresCredentialsSecret creds = new PostgresCredentialsSecret();
    creds.setName("backup-log-writer");
    log.setCredentialsSecret(creds);
    policy.getSpec().setBackupLog(log);
    Container agent =
        BackupJobs.desired(run, policy, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    assertTrue(
        agent
            .getArgs()
            .containsAll(
                List.of(
                    "--log-host=catalog-db.luxima.svc",
                    "--log-port=5432",
                    "--log-database=postgres",
                    "--log-table=internal.backup_logs",
                    "--log-sslmode=prefer",
                    "--policy=nightly")),
        agent.getArgs().toString());
    assertEquals(
        "username", env(agent, "CADANG_LOG_PGUSER").getValueFrom().getSecretKeyRef().getKey());
    assertEquals(
        "backup-log-writer",
        env(agent, "CADANG_LOG_PGPASSWORD").getValueFrom().getSecretKeyRef().getName());
    // The backup's own PostgreSQL role is a different variable, from a different Secret.
    assertEquals(
        "pg-credentials", env(agent, "PGPASSWORD").getValueFrom().getSecretKeyRef().getName());
    assertOnlySecretReferences(agent);
  }

  @Test
  void withoutReplicasOrLogSinkNoSuchOptionAppears() {
    List<String> args =
        BackupJobs.args(run, Fixtures.policy("nightly", "http://s3.local:9000", "bk"));

    assertTrue(args.stream().noneMatch(a -> a.startsWith("--replica") || a.startsWith("--log-")));
    assertTrue(args.contains("--database=app"));
  }

  @Test
  void aVolumeSnapshotsPolicyHasNoJob() {
    BackupPolicy policy = Fixtures.snapshotPolicy("vm", 2, "vm-disk");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BackupJobs.desired(run, policy, SETTINGS));
    assertTrue(e.getMessage().contains("runs no Job"), e.getMessage());
  }

  private static BackupPolicy configsPolicy() {
    BackupPolicy policy = Fixtures.policy("configs", "http://s3.local:9000", "cfg");
    ConfigsSource configs = new ConfigsSource();
    configs.setResources(
        List.of(
            kind("apps/v1", "Deployment"),
            kind("v1", "ConfigMap"),
            kind("cert-manager.io/v1", "Certificate")));
    configs.setLabelSelector("app=luxima");
    GitTarget git = new GitTarget();
    git.setUrl("https://git.luxima.internal/ops/cluster-config.git");
    git.setPath("clusters/prod");
    GitCredentialsSecret creds = new GitCredentialsSecret();
    creds.setName("git-push");
    creds.setTokenKey("token");
    creds.setSshPrivateKeyKey("ssh");
    creds.setKnownHostsKey("known_hosts");
    git.setCredentialsSecret(creds);
    configs.setGit(git);
    BackupSource source = new BackupSource();
    source.setConfigs(configs);
    policy.getSpec().setSource(source);
    JobTemplate job = new JobTemplate();
    job.setServiceAccountName("config-reader");
    policy.getSpec().setJob(job);
    return policy;
  }

  private static ResourceKind kind(String apiVersion, String kind) {
    ResourceKind k = new ResourceKind();
    k.setApiVersion(apiVersion);
    k.setKind(kind);
    return k;
  }

  /** Secret values never reach the pod spec: every variable is a secretKeyRef (or known plain). */
  static void assertOnlySecretReferences(Container agent) {
    for (EnvVar env : agent.getEnv()) {
      if (PLAIN_ENV.contains(env.getName())) {
        continue;
      }
      assertNull(env.getValue(), env.getName() + " must come from a Secret reference");
      assertTrue(env.getValueFrom().getSecretKeyRef() != null, env.getName());
    }
    for (String arg : agent.getArgs()) {
      // $(VAR) expansion is how a Secret-backed role name may appear; nothing else may.
      assertTrue(!arg.contains("$(") || arg.equals("--user=$(PGUSER)"), arg);
    }
  }

  private static Set<String> names(Container agent) {
    return agent.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
  }

  private static EnvVar env(Container agent, String name) {
    return agent.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + names(agent)));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static VolumeMount mount(Container agent, String name) {
    return agent.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String last(List<String> list) {
    return list.get(list.size() - 1);
  }
}
