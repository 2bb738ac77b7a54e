package io.cadang.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.ConfigsTarget;
import io.cadang.api.v1alpha1.FilesTarget;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Restore Jobs for files and configs targets, and restores read from a replica repository. */
class FilesConfigsReplicaRestoreJobsTest {
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(Set.of(), "cadang:1.0", 8080, false, "ops", "cadang-agent");

  @Test
  void filesRestoreExtractsIntoTheClaimMountedWritableAndVerifies() {
    BackupPolicy policy = Fixtures.filesPolicy("uploads", "http://s3.local:9000", "uploads-pvc");
    RestoreRequest request = Fixtures.restore("files-back", "uploads-1", null);
    FilesTarget files = new FilesTarget();
    files.setClaimName("uploads-restored");
    files.setSubPath("2026-11-21");
    files.setOverwrite(true);
    RestoreTarget target = new RestoreTarget();
    target.setFiles(files);
    request.getSpec().setTarget(target);

    Job job = RestoreJobs.desired(request, run("uploads-1", "uploads", "files"), policy, SETTINGS);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container agent = pod.getContainers().get(0);

    assertEquals(
        List.of(
            "restore",
            "--files-into=/restore",
            "--sub-path=2026-11-21",
            "--overwrite",
            "--backup-id=backup-uploads-1"),
        agent.getArgs().subList(0, 5));
    assertTrue(agent.getArgs().stream().anyMatch(a -> a.startsWith("--repo=s3://files/db?")));
    var volume =
        pod.getVolumes().stream().filter(v -> v.getName().equals("restore")).findFirst().get();
    assertEquals("uploads-restored", volume.getPersistentVolumeClaim().getClaimName());
    assertNull(volume.getPersistentVolumeClaim().getReadOnly());
    var mount =
        agent.getVolumeMounts().stream().filter(m -> m.getName().equals("restore")).findFirst();
    assertEquals("/restore", mount.get().getMountPath());
    assertNull(mount.get().getReadOnly());
    // No PostgreSQL target, so no PostgreSQL credentials.
    assertTrue(agent.getEnv().stream().noneMatch(e -> e.getName().startsWith("PG")));
    BackupJobsSourcesTest.assertOnlySecretReferences(agent);
  }

  @Test
  void configsDryRunAppliesNothingAndUsesThePolicysServiceAccount() {
    BackupPolicy policy = Fixtures.policy("configs", "http://s3.local:9000", "cfg");
    JobTemplate template = new JobTemplate();
    template.setServiceAccountName("config-restorer");
    policy.getSpec().setJob(template);
    RestoreRequest request = Fixtures.restore("configs-check", "configs-1", null);
    ConfigsTarget configs = new ConfigsTarget();
    configs.setDryRun(true);
    configs.setNamespaces(List.of("luxima"));
    RestoreTarget target = new RestoreTarget();
    target.setConfigs(configs);
    request.getSpec().setTarget(target);

    Job job =
        RestoreJobs.desired(request, run("configs-1", "configs", "configs"), policy, SETTINGS);
    Container agent = job.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertEquals(
        List.of(
            "restore",
            "--configs",
            "--dry-run",
            "--namespace=luxima",
            "--backup-id=backup-configs-1"),
        agent.getArgs().subList(0, 5));
    assertEquals("config-restorer", job.getSpec().getTemplate().getSpec().getServiceAccountName());
    configs.setDryRun(false);
    assertFalse(
        RestoreJobs.desired(request, run("configs-1", "configs", "configs"), policy, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs()
            .contains("--dry-run"));
  }

  @Test
  void aTargetOfTheWrongKindIsRefusedByName() {
    BackupPolicy policy = Fixtures.filesPolicy("uploads", "http://s3.local:9000", "uploads-pvc");
    RestoreRequest intoDatabase = Fixtures.restore("wrong", "uploads-1", null);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RestoreJobs.desired(
                    intoDatabase, run("uploads-1", "uploads", "files"), policy, SETTINGS));
    assertTrue(e.getMessage().contains("restore it with spec.target.files"), e.getMessage());
  }

  @Test
  void restoreFromANamedReplicaReadsThatRepositoryWithItsCredentials() {
    BackupPolicy policy = Fixtures.policy("nightly", "http://s3.local:9000", "bk");
    policy
        .getSpec()
        .getStorage()
        .setReplicas(
            List.of(Fixtures.replica("dr-west", "http://s3-west:9000", "bk-west", "west-s3")));
    RestoreRequest request = Fixtures.restore("from-dr", "nightly-1", null);
    request.getSpec().getSource().setRepository("dr-west");

    Container agent =
        RestoreJobs.desired(request, run("nightly-1", "nightly", null), policy, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    List<String> repos = agent.getArgs().stream().filter(a -> a.startsWith("--repo=")).toList();
    assertEquals(1, repos.size());
    assertTrue(
        repos.get(0).startsWith("--repo=s3://bk-west?endpoint=http%3A%2F%2Fs3-west"), repos.get(0));
    EnvVar key = env(agent, "AWS_ACCESS_KEY_ID");
    assertEquals("west-s3", key.getValueFrom().getSecretKeyRef().getName());
    assertEquals(
        "west-s3", env(agent, "AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName());
    BackupJobsSourcesTest.assertOnlySecretReferences(agent);
  }

  @Test
  void repositoryAsOfReadsTheRepositoryAsItWasThen() {
    BackupPolicy policy = Fixtures.policy("nightly", "http://s3.local:9000", "bk");
    RestoreRequest request = Fixtures.restore("as-of", "nightly-1", null);
    request.getSpec().getSource().setRepositoryAsOf("2026-12-07T02:00:00Z");

    List<String> repos =
        RestoreJobs.desired(request, run("nightly-1", "nightly", null), policy, SETTINGS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs()
            .stream()
            .filter(a -> a.startsWith("--repo="))
            .toList();

    assertEquals(1, repos.size());
    assertTrue(repos.get(0).endsWith("&as-of=2026-12-07T02%3A00%3A00Z"), repos.get(0));
  }

  @Test
  void anUnknownRepositoryNameIsRefusedListingTheKnownOnes() {
    BackupPolicy policy = Fixtures.policy("nightly", "http://s3.local:9000", "bk");
    policy
        .getSpec()
        .getStorage()
        .setReplicas(
            List.of(Fixtures.replica("dr-west", "http://s3-west:9000", "bk-west", "west-s3")));
    RestoreRequest request = Fixtures.restore("from-dr", "nightly-1", null);
    request.getSpec().getSource().setRepository("dr-mars");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RestoreJobs.desired(request, run("nightly-1", "nightly", null), policy, SETTINGS));
    assertEquals(
        "spec.source.repository: 'dr-mars' is not a repository of BackupPolicy 'nightly'"
            + " (primary primary, replicas dr-west)",
        e.getMessage());
  }

  private static EnvVar env(Container agent, String name) {
    return agent.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  private static BackupRun run(String name, String policy, String kind) {
    BackupRun run = Fixtures.run(name, policy);
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(BackupRunPhase.SUCCEEDED);
    status.setBackupId("backup-" + name);
    status.setKind(kind);
    status.setCompletionTime("2026-11-21T02:01:00Z");
    run.setStatus(status);
    return run;
  }
}
