package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicyStatus;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.Objectives;
import io.cadang.api.v1alpha1.RestorePhase;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestStatus;
import io.cadang.api.v1alpha1.WalArchiveStatus;
import io.cadang.controller.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectiveConditionsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  private static Objectives objectives(String rpo, String rto) {
    Objectives o = new Objectives();
    o.setRpo(rpo);
    o.setRto(rto);
    return o;
  }

  private static Condition find(List<Condition> c, ConditionType type) {
    return Conditions.find(c, type).orElseThrow(() -> new AssertionError(type + " missing"));
  }

  private static RestoreRequest drill(RestorePhase phase, long seconds) {
    RestoreRequest r = new RestoreRequest();
    r.setMetadata(new ObjectMetaBuilder().withName("shop-drill-202612010300").build());
    RestoreRequestStatus s = new RestoreRequestStatus();
    s.setPhase(phase);
    s.setDurationSeconds(seconds);
    r.setStatus(s);
    return r;
  }

  @Test
  void rpoFromTheWalLagWhenArchivingElseFromTheNewestBackup() {
    BackupPolicyStatus pitr = new BackupPolicyStatus();
    WalArchiveStatus wal = new WalArchiveStatus();
    wal.setLagSeconds(7L);
    pitr.setWalArchive(wal);
    pitr.setLastSuccessTime("2026-12-06T02:00:00Z");
    List<Condition> c =
        ObjectiveConditions.apply(
            List.of(), objectives("5m", null), pitr, Optional.empty(), 3L, NOW);
    assertEquals("True", find(c, ConditionType.RPO_MET).getStatus());
    assertEquals(
        "the WAL archive's lag of 7s is within the RPO objective of 5m0s",
        find(c, ConditionType.RPO_MET).getMessage());
    assertTrue(Conditions.find(c, ConditionType.RTO_MET).isEmpty(), "no rto: no RTOMet");

    BackupPolicyStatus logical = new BackupPolicyStatus();
    logical.setLastSuccessTime("2026-12-07T02:00:00Z");
    Condition above =
        find(
            ObjectiveConditions.apply(
                List.of(), objectives("5m", null), logical, Optional.empty(), 3L, NOW),
            ConditionType.RPO_MET);
    assertEquals("AboveObjective", above.getReason());
    assertEquals(
        "the newest successful backup (2026-12-07T02:00:00Z) is older than the RPO objective of"
            + " 5m0s; without pitr the RPO is as long as the schedule interval",
        above.getMessage());
    assertEquals(
        "NothingToMeasure",
        find(
                ObjectiveConditions.apply(
                    List.of(),
                    objectives("5m", null),
                    new BackupPolicyStatus(),
                    Optional.empty(),
                    3L,
                    NOW),
                ConditionType.RPO_MET)
            .getReason());
  }

  @Test
  void rtoFromTheNewestDrill() {
    Objectives o = objectives(null, "2h");
    BackupPolicyStatus s = new BackupPolicyStatus();
    assertEquals(
        "NoDrillYet",
        find(
                ObjectiveConditions.apply(List.of(), o, s, Optional.empty(), 1L, NOW),
                ConditionType.RTO_MET)
            .getReason());
    assertEquals(
        "DrillFailed",
        find(
                ObjectiveConditions.apply(
                    List.of(), o, s, Optional.of(drill(RestorePhase.FAILED, 30)), 1L, NOW),
                ConditionType.RTO_MET)
            .getReason());
    Condition met =
        find(
            ObjectiveConditions.apply(
                List.of(), o, s, Optional.of(drill(RestorePhase.SUCCEEDED, 5400)), 1L, NOW),
            ConditionType.RTO_MET);
    assertEquals("True", met.getStatus());
    assertEquals(
        "drill shop-drill-202612010300 restored and verified in 1h30m0s, within the RTO objective"
            + " of 2h0m0s",
        met.getMessage());
    Condition above =
        find(
            ObjectiveConditions.apply(
                List.of(), o, s, Optional.of(drill(RestorePhase.SUCCEEDED, 7201)), 1L, NOW),
            ConditionType.RTO_MET);
    assertEquals("AboveObjective", above.getReason());
  }

  @Test
  void removingAnObjectiveRemovesItsCondition() {
    BackupPolicyStatus s = new BackupPolicyStatus();
    List<Condition> with =
        ObjectiveConditions.apply(List.of(), objectives("5m", "2h"), s, Optional.empty(), 1L, NOW);
    List<Condition> without = ObjectiveConditions.apply(with, null, s, Optional.empty(), 2L, NOW);
    assertEquals(List.of(), without);
  }
}
