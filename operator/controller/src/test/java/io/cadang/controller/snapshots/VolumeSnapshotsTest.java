package io.cadang.controller.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VolumeSnapshotsTest {
  @Test
  void shortNamesAreRunDashClaim() {
    assertEquals("vm-20261121-0200-vm-disk", VolumeSnapshots.name("vm-20261121-0200", "vm-disk"));
  }

  @Test
  void longNamesAreTruncatedWithAHashThatKeepsThemApart() {
    String run = "luxima-virtual-machines-weekly-20261122-0300";
    String a = VolumeSnapshots.name(run, "luxima-vm-root-disk-primary");
    String b = VolumeSnapshots.name(run, "luxima-vm-root-disk-secondary");

    assertEquals(63, a.length(), a);
    assertTrue(a.startsWith("luxima-virtual-machines-weekly-20261122-0300-luxima-vm-"), a);
    assertTrue(a.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), a);
    assertNotEquals(a, b);
    assertEquals(a, VolumeSnapshots.name(run, "luxima-vm-root-disk-primary"), "stable");
  }
}
