package io.cadang.controller.restore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.controller.testing.Fixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreConflictsTest {

  @Test
  void aRunningRestoreOfThePolicyHoldsItsBackupSlotButARunningDrillDoesNot() {
    RestoreRequest restore = Fixtures.restore("r", null, "shop");
    RestoreRequest drill = Fixtures.restore("d", null, "shop");
    drill.getSpec().setMode(RestoreMode.DRILL);

    assertTrue(RestoreConflicts.restoreActive(List.of(restore), "shop", Set.of()));
    assertFalse(
        RestoreConflicts.restoreActive(List.of(drill), "shop", Set.of()),
        "a drill restores into a scratch target: backups go on");
    assertFalse(RestoreConflicts.restoreActive(List.of(restore), "other", Set.of()));
  }
}
