package io.cadang.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupMethod;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.DataDirectoryTarget;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.PostgresFacts;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.api.v1alpha1.ScratchTarget;
import io.cadang.controller.runtime.OperatorSettings;
import io.cadang.controller.testing.Fixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Agent arguments for Physical policies: base backups and recoveries. */
class PhysicalJobsTest {
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(Set.of(), "cadang:1.0", 8080, false, "ops", "cadang-agent");

  private final BackupPolicy policy = physicalPolicy();

  @Test
  void aPhysicalPolicysBackupRunsPgBasebackupWithoutDatabaseSelection() {
    List<String> args =
        agentArgs(BackupJobs.desired(Fixtures.run("orders-1", "orders"), policy, SETTINGS));

    assertEquals(List.of("backup", "--method=physical"), args.subList(0, 2));
    assertTrue(args.contains("--backup-id=orders-1"));
    assertTrue(args.contains("--user=$(PGUSER)"));
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--database") || a.equals("--globals")));
    assertTrue(args.stream().noneMatch(a -> a.equals("--all-databases")));
  }

  @Test
  void aLogicalPolicysBackupIsUnchanged() {
    List<String> args =
        agentArgs(
            BackupJobs.desired(
                Fixtures.run("n-1", "n"), Fixtures.policy("n", "http://s3", "bk"), SETTINGS));
    assertEquals("backup", args.get(0));
    assertFalse(args.contains("--method=physical"));
    assertTrue(args.contains("--database=app"));
  }

  @Test
  void latestAndAPlainBackupPickTheirTargets() {
    RestoreRequest latest = claimRequest("pg/data");
    PointInTime pit = new PointInTime();
    pit.setLatest(true);
    latest.getSpec().getSource().setPointInTime(pit);
    List<String> args = agentArgs(RestoreJobs.desired(latest, physicalRun(), policy, SETTINGS));
    assertTrue(args.contains("--latest"));
    assertTrue(args.contains("--data-dir=/restore/pg/data"));

    // No pointInTime: that backup, at its first consistent point.
    List<String> plain =
        agentArgs(RestoreJobs.desired(claimRequest(null), physicalRun(), policy, SETTINGS));
    assertTrue(plain.contains("--lsn=0/2000100"), plain.toString());
    assertTrue(plain.contains("--data-dir=/restore/pgdata"));
  }

  @Test
  void aRecoveryIsCheckedWithAmcheckUnlessVerifyIsOff() {
    List<String> args =
        agentArgs(RestoreJobs.desired(claimRequest(null), physicalRun(), policy, SETTINGS));
    assertTrue(args.contains("--amcheck"), args.toString());
    assertFalse(args.contains("--discard"), "a claim's recovered cluster is the point of it");

    RestoreRequest unverified = claimRequest(null);
    unverified.getSpec().setVerify(false);
    assertFalse(
        agentArgs(RestoreJobs.desired(unverified, physicalRun(), policy, SETTINGS))
            .contains("--amcheck"));
  }

  @Test
  void aScratchDrillOfAPhysicalBackupRecoversIntoThePodsScratchAndDiscardsIt() {
    RestoreRequest drill = Fixtures.restore("d", null, "orders");
    RestoreTarget scratch = new RestoreTarget();
    scratch.setScratch(new ScratchTarget());
    drill.getSpec().setTarget(scratch);
    drill.getSpec().setMode(RestoreMode.DRILL);
    BackupRun run = physicalRun();
    run.getStatus().setStoredBytes(700L << 20);

    var job = RestoreJobs.desired(drill, run, policy, SETTINGS);
    List<String> args = agentArgs(job);

    assertEquals("recover", args.get(0));
    assertTrue(args.contains("--data-dir=/scratch/pgdata"), args.toString());
    assertTrue(args.contains("--discard"), args.toString());
    assertTrue(args.contains("--amcheck"), args.toString());
    var volume =
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("scratch"))
            .findFirst()
            .orElseThrow();
    assertEquals("7Gi", volume.getEmptyDir().getSizeLimit().toString(), "ten times 700 MiB");
  }

  @Test
  void aDataDirectoryTargetRefusesALogicalBackup() {
    BackupRun logical = physicalRun();
    logical.getStatus().setPostgres(null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RestoreJobs.desired(claimRequest(null), logical, policy, SETTINGS));
    assertTrue(e.getMessage().contains("dataDirectory needs a physical base backup"));
  }

  private static RestoreRequest claimRequest(String subPath) {
    RestoreRequest r = Fixtures.restore("r", null, "orders");
    DataDirectoryTarget dir = new DataDirectoryTarget();
    dir.setClaimName("new-data");
    dir.setSubPath(subPath);
    RestoreTarget target = new RestoreTarget();
    target.setDataDirectory(dir);
    r.getSpec().setTarget(target);
    return r;
  }

  private static List<String> agentArgs(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  private static BackupPolicy physicalPolicy() {
    BackupPolicy p = Fixtures.policy("orders", "http://s3.local:9000", "bk");
    p.getSpec().setMethod(BackupMethod.PHYSICAL);
    return p;
  }

  private static BackupRun physicalRun() {
    BackupRun run = Fixtures.run("orders-base", "orders");
    BackupRunStatus status = new BackupRunStatus();
    status.setPhase(BackupRunPhase.SUCCEEDED);
    status.setBackupId("orders-base");
    status.setCompletionTime("2026-11-21T02:01:00Z");
    PostgresFacts facts = new PostgresFacts();
    facts.setStartLsn("0/2000028");
    facts.setStopLsn("0/2000100");
    facts.setTimeline(1);
    status.setPostgres(facts);
    run.setStatus(status);
    return run;
  }
}
