package io.cadang.controller.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.BackupTrigger;
import io.cadang.api.v1alpha1.ReplicationState;
import io.cadang.controller.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportedRunsTest {
  private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

  @Test
  void aRunNameIsTheBackupIdWhenThatIsAValidName() {
    assertEquals("orders-202611200200", ImportedRuns.name("orders-202611200200"));
  }

  @Test
  void otherIdsGetADeterministicValidNameWithAHashSoTwoIdsNeverShareOne() {
    String cli = ImportedRuns.name("20261120T020000Z_Manual");
    assertTrue(cli.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), cli);
    assertEquals(cli, ImportedRuns.name("20261120T020000Z_Manual"), "deterministic");
    assertNotEquals(cli, ImportedRuns.name("20261120t020000z-manual"));
    assertTrue(ImportedRuns.name("_" + "A".repeat(99)).length() <= 71);
    assertTrue(ImportedRuns.name("___").startsWith("imported-"));
  }

  @Test
  void theRunIsImportedOwnedByThePolicyAndLabelledSoKubectlFindsIt() {
    BackupPolicy policy = Fixtures.policy("orders", "http://127.0.0.1:1", "b");
    policy.getMetadata().setUid("uid-1");
    BackupRun run = ImportedRuns.desired(policy, backup("orders-1", List.of("primary")));

    assertEquals(BackupTrigger.IMPORTED, run.getSpec().getTrigger());
    assertEquals("orders", run.getSpec().getPolicyRef().getName());
    assertEquals("imported", run.getMetadata().getLabels().get(ImportedRuns.ORIGIN_LABEL));
    assertEquals("uid-1", run.getMetadata().getOwnerReferences().get(0).getUid());
    assertTrue(ImportedRuns.isImported(run));
  }

  @Test
  void statusCarriesTheManifestsFactsAndTheReplicasHoldingIt() {
    ImportedBackup b = backup("base-1", List.of("dr", "eu2"));
    BackupRunStatus s = ImportedRuns.status(b, 1, T0.plusSeconds(3600));

    assertEquals(BackupRunPhase.SUCCEEDED, s.getPhase());
    assertEquals("base-1", s.getBackupId());
    assertEquals("physical", s.getKind());
    assertEquals(T0.minusSeconds(60).toString(), s.getStartTime());
    assertEquals(T0.toString(), s.getCompletionTime());
    assertEquals(60L, s.getDurationSeconds());
    assertEquals(37L, s.getStoredBytes());
    assertEquals(4096L, s.getTotalBytes());
    assertEquals("master-key-fp", s.getKeyId());
    assertEquals("0/2000100", s.getPostgres().getStopLsn());
    assertEquals(1, s.getPostgres().getTimeline());
    assertEquals("7300000000000000001", s.getPostgres().getSystemIdentifier());
    assertEquals("dr", s.getArtifacts().get(0).getRepository());
    assertEquals(1, s.getReplication().size());
    assertEquals("eu2", s.getReplication().get(0).getRepository());
    assertEquals(ReplicationState.REPLICATED, s.getReplication().get(0).getState());
    assertEquals("Imported", s.getConditions().get(0).getReason());
  }

  private static ImportedBackup backup(String id, List<String> holders) {
    var m =
        StoredBackups.manifest(
            id,
            "physical",
            T0,
            new io.cadang.agent.manifest.BackupManifest.Physical(
                "0/2000028",
                "0/2000100",
                1,
                id,
                "7300000000000000001",
                T0.minusSeconds(30),
                T0.minusSeconds(5),
                "postgres"));
    return ImportedBackup.of(m, holders.get(0), holders);
  }
}
