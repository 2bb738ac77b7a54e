package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.controller.pitr.PhysicalBackups;

/**
 * What kind of backup a run holds, from its status: {@code status.kind} as the agent reported it,
 * and for runs from before that field, physical when it carries a start LSN, else logical.
 */
public final class RunKinds {
  public static final String LOGICAL = "logical";
  public static final String PHYSICAL = "physical";
  public static final String FILES = "files";
  public static final String CONFIGS = "configs";
  public static final String VOLUME_SNAPSHOTS = "volumeSnapshots";

  private RunKinds() {}

  public static String of(BackupRun run) {
    if (run.getStatus() != null && run.getStatus().getKind() != null) {
      return run.getStatus().getKind();
    }
    return PhysicalBackups.isPhysical(run) ? PHYSICAL : LOGICAL;
  }
}
