package io.cadang.controller.restore;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.RestoreMode;
import io.cadang.api.v1alpha1.RestoreRequestSpec;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.controller.jobs.RunKinds;
import java.util.Optional;

/**
 * Which target fits which kind of backup: files go into a claim ({@code target.files}), configs
 * back into the cluster ({@code target.configs}), database backups into a database or data
 * directory. Checked right after the source is resolved, before anything is quiesced. Pure.
 */
final class RestoreTargets {
  private RestoreTargets() {}

  static Optional<String> mismatch(RestoreRequestSpec spec, BackupRun run) {
    RestoreTarget target = spec.getTarget();
    if (target.getScratch() != null && spec.getMode() != RestoreMode.DRILL) {
      // The API server's CEL rule says the same; this covers servers without it.
      return Optional.of("spec.target.scratch is a throwaway server for drills: set mode: Drill");
    }
    String kind = RunKinds.of(run);
    String wanted =
        target.getFiles() != null
            ? RunKinds.FILES
            : target.getConfigs() != null ? RunKinds.CONFIGS : null;
    String name = run.getMetadata().getName();
    if (wanted != null && !wanted.equals(kind)) {
      return Optional.of(
          "spec.target."
              + wanted
              + " needs a "
              + wanted
              + " backup; BackupRun '"
              + name
              + "' is a "
              + kind
              + " backup");
    }
    if (wanted == null && (RunKinds.FILES.equals(kind) || RunKinds.CONFIGS.equals(kind))) {
      return Optional.of(
          "BackupRun '" + name + "' is a " + kind + " backup: restore it with spec.target." + kind);
    }
    return Optional.empty();
  }
}
