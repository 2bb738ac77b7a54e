package io.cadang.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.api.v1alpha1.ScratchTarget;
import io.cadang.api.v1alpha1.VerifyQuery;
import io.cadang.api.v1alpha1.VerifySpec;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreJobsTest {
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(Set.of(), "cadang:1.0", 8080, false, "ops", "cadang-agent");

  private final BackupPolicy policy = Fixtures.policy("nightly", "http://s3.local:9000", "bk");
  private final BackupRun run = succeededRun();
  private final RestoreRequest request = Fixtures.restore("restore-1", "nightly-1", null);

  @Test
  void secretsReachThePodOnlyByReference() {
    Container agent = agent(job());
    for (EnvVar env : agent.getEnv()) {
      assertNull(env.getValue(), env.getName() + " must come from a Secret reference");
      assertTrue(env.getValueFrom().getSecretKeyRef() != null);
    }
    assertTrue(
        agent.getEnv().stream()
            .anyMatch(
                e ->
                    e.getName().equals("PGPASSWORD")
                        && e.getValueFrom()
                            .getSecretKeyRef()
                            .getName()
                            .equals("target-credentials")));
    assertTrue(agent.getArgs().stream().noneMatch(a -> a.contains("secret")));
  }

  @Test
  void argumentsRestoreTheRunsBackupIntoTheTarget() {
    List<String> args = agent(job()).getArgs();
    assertEquals(List.of("restore", "backup-20261121"), args.subList(0, 2));
    assertTrue(args.contains("--host=restore-target.example.internal"));
    assertTrue(args.contains("--user=$(PGUSER)"));
    assertTrue(args.contains("--scratch-dir=/scratch"));
    assertTrue(args.contains("--key-env=CADANG_MASTER_KEY"));
    assertTrue(args.contains("--result-file=/dev/termination-log"));
    assertTrue(args.stream().anyMatch(a -> a.startsWith("--repo=s3://bk/db?")));
    assertFalse(args.contains("--overwrite"));
    assertFalse(args.contains("--no-verify"));
  }

  @Test
  void optionsOfTheRequestBecomeFlags() {
    request.getSpec().getTarget().setSourceDatabase("app");
    request.getSpec().getTarget().getDatabase().setName("app_copy");
    request.getSpec().getTarget().getDatabase().setOverwrite(true);
    request.getSpec().getTarget().getDatabase().setCreateDatabase(true);
    request.getSpec().setVerify(false);
    request.getSpec().setJobs(4);
    List<String> args = agent(job()).getArgs();
    assertTrue(
        args.containsAll(
            List.of(
                "--database=app",
                "--target-db=app_copy",
                "--overwrite",
                "--create",
                "--no-verify",
                "--jobs=4")),
        args.toString());
  }

  @Test
  void aDrillIntoADatabaseItCreatesDropsItAfterwardsAndARestoreNever() {
    request.getSpec().getTarget().getDatabase().setCreateDatabase(true);
    assertFalse(agent(job()).getArgs().contains("--drop-created"), "a restore keeps its data");

    request.getSpec().setMode(io.cadang.api.v1alpha1.RestoreMode.DRILL);

    assertTrue(agent(job()).getArgs().contains("--drop-created"));
  }

  @Test
  void aScratchDrillStartsItsOwnServerAndConnectsToNone() {
    RestoreTarget scratch = new RestoreTarget();
    scratch.setScratch(new ScratchTarget());
    scratch.setSourceDatabase("shop");
    request.getSpec().setTarget(scratch);
    request.getSpec().setMode(io.cadang.api.v1alpha1.RestoreMode.DRILL);

    Job job = job();
    List<String> args = agent(job).getArgs();

    assertEquals("restore", args.get(0));
    assertTrue(args.contains("--scratch-server"), args.toString());
    assertTrue(args.contains("--scratch-dir=/scratch"), args.toString());
    assertTrue(args.contains("--database=shop"), args.toString());
    assertFalse(args.stream().anyMatch(a -> a.startsWith("--host")), args.toString());
    assertFalse(
        agent(job).getEnv().stream().anyMatch(e -> e.getName().startsWith("PG")),
        "no server credentials: " + agent(job).getEnv());
    assertEquals("2Gi", scratchLimit(job), "a small backup still gets 2Gi");

    run.getStatus().setStoredBytes(3L << 30);
    assertEquals("30Gi", scratchLimit(job()), "ten times the stored size");
    scratch.getScratch().setSizeLimit("500Mi");
    assertEquals("500Mi", scratchLimit(job()), "as the request says");
  }

  @Test
  void thePolicysApplicationChecksReachTheAgentUnlessVerifyIsOff() {
    VerifyQuery q = new VerifyQuery();
    q.setName("orders");
    q.setSql("select count(*) from orders");
    q.setRole("shop_app");
    q.setMinRows(1);
    VerifySpec verify = new VerifySpec();
    verify.setQueries(List.of(q));
    policy.getSpec().setVerify(verify);

    EnvVar checks =
        agent(job()).getEnv().stream()
            .filter(e -> e.getName().equals("CADANG_CHECKS"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "[{\"name\":\"orders\",\"sql\":\"select count(*) from orders\",\"role\":\"shop_app\","
            + "\"minRows\":1}]",
        checks.getValue());

    request.getSpec().setVerify(false);
    assertFalse(agent(job()).getEnv().stream().anyMatch(e -> e.getName().equals("CADANG_CHECKS")));
  }

  @Test
  void podIsLockedDownWithAScratchVolume() {
    Job job = job();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container agent = agent(job);
    assertEquals(true, agent.getSecurityContext().getRunAsNonRoot());
    assertEquals(true, agent.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(false, agent.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), agent.getSecurityContext().getCapabilities().getDrop());
    assertTrue(
        agent.getVolumeMounts().stream()
            .anyMatch(m -> m.getName().equals("scratch") && m.getMountPath().equals("/scratch")));
    assertTrue(
        pod.getVolumes().stream()
            .anyMatch(v -> v.getName().equals("scratch") && v.getEmptyDir() != null));
    assertEquals(0, job.getSpec().getBackoffLimit());
  }

  @Test
  void jobIsNamedAfterAndOwnedByTheRequest() {
    Job job = job();
    assertEquals("restore-1", job.getMetadata().getName());
    assertEquals("restore-1", job.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals("RestoreRequest", job.getMetadata().getOwnerReferences().get(0).getKind());
    assertEquals("restore", job.getMetadata().getLabels().get("app.kubernetes.io/component"));
    assertEquals("cadang", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
  }

  private Job job() {
    return RestoreJobs.desired(request, run, policy, SETTINGS);
  }

  private static String scratchLimit(Job job) {
    return job.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("scratch"))
        .findFirst()
        .orElseThrow()
        .getEmptyDir()
        .getSizeLimit()
        .toString();
  }

  private static Container agent(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static BackupRun succeededRun() {
    BackupRun run = Fixtures.run("nightly-1", "nightly");
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(BackupRunPhase.SUCCEEDED);
    status.setBackupId("backup-20261121");
    status.setCompletionTime("2026-11-21T02:01:00Z");
    run.setStatus(status);
    return run;
  }
}
