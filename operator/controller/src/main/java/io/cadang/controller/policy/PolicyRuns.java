package io.cadang.controller.policy;

import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupTrigger;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.controller.retention.RetentionCandidate;
import io.cadang.controller.retention.RetentionCandidate.Outcome;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A policy's BackupRuns, scheduled and manual alike, as the policy sees them: which is active,
 * which finished last, which succeeded, and what retention may consider. Runs already being deleted
 * are left out, so retention never deletes a run twice and status counts only what remains.
 */
public final class PolicyRuns {
  private static final Comparator<BackupRun> OLDEST_FIRST =
      Comparator.comparing(PolicyRuns::takenAt).thenComparing(r -> r.getMetadata().getName());

  private final List<BackupRun> runs;

  private PolicyRuns(List<BackupRun> runs) {
    this.runs = runs;
  }

  public static PolicyRuns of(Collection<BackupRun> runs) {
    return new PolicyRuns(
        runs.stream()
            .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
            .sorted(OLDEST_FIRST)
            .toList());
  }

  /** The same runs without {@code names} (e.g. those retention just deleted). */
  public PolicyRuns without(Collection<String> names) {
    return new PolicyRuns(
        runs.stream().filter(r -> !names.contains(r.getMetadata().getName())).toList());
  }

  /** The runs themselves (not being deleted), oldest first. */
  public List<BackupRun> all() {
    return runs;
  }

  public Set<String> names() {
    return runs.stream()
        .map(r -> r.getMetadata().getName())
        .collect(java.util.stream.Collectors.toSet());
  }

  /** Runs imported from a repository (trigger Imported). */
  public Set<String> imported() {
    return runs.stream()
        .filter(r -> r.getSpec() != null && r.getSpec().getTrigger() == BackupTrigger.IMPORTED)
        .map(r -> r.getMetadata().getName())
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The run of that name, or null. */
  public BackupRun byName(String name) {
    return all().stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  public boolean contains(String name) {
    return runs.stream().anyMatch(r -> r.getMetadata().getName().equals(name));
  }

  /** The newest run that is pending or running; a slot is skipped while there is one. */
  public Optional<BackupRun> active() {
    return newest(r -> !terminal(r));
  }

  public Optional<BackupRun> newestFinished() {
    return newest(PolicyRuns::terminal);
  }

  public Optional<BackupRun> newestSucceeded() {
    return newest(r -> phase(r) == BackupRunPhase.SUCCEEDED);
  }

  public Optional<BackupRun> newestFailed() {
    return newest(r -> phase(r) == BackupRunPhase.FAILED);
  }

  public int succeeded() {
    return (int) runs.stream().filter(r -> phase(r) == BackupRunPhase.SUCCEEDED).count();
  }

  public List<RetentionCandidate> candidates(Set<String> inUse) {
    return runs.stream()
        .map(
            r ->
                new RetentionCandidate(
                    r.getMetadata().getName(),
                    takenAt(r),
                    outcome(r),
                    inUse.contains(r.getMetadata().getName())))
        .toList();
  }

  /**
   * Runs a restore is still reading: named by a RestoreRequest that has not finished, either as its
   * source or as the run it resolved a policy source to.
   */
  public static Set<String> inUse(Collection<RestoreRequest> restores) {
    Set<String> names = new HashSet<>();
    for (RestoreRequest r : restores) {
      var status = r.getStatus();
      if (status != null && status.getPhase() != null && status.getPhase().terminal()) {
        continue;
      }
      if (r.getSpec() != null && r.getSpec().getSource() != null) {
        Optional.ofNullable(r.getSpec().getSource().getBackupRun()).ifPresent(names::add);
      }
      if (status != null && status.getResolvedBackupRun() != null) {
        names.add(status.getResolvedBackupRun());
      }
    }
    return names;
  }

  /** When the backup was taken: its completion, else (unfinished) its creation. */
  public static Instant takenAt(BackupRun run) {
    if (run.getStatus() != null && run.getStatus().getCompletionTime() != null) {
      return Instant.parse(run.getStatus().getCompletionTime());
    }
    String created = run.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  private Optional<BackupRun> newest(java.util.function.Predicate<BackupRun> filter) {
    BackupRun found = null;
    for (BackupRun r : runs) {
      if (filter.test(r)) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  private static Outcome outcome(BackupRun r) {
    return switch (phase(r) == null ? BackupRunPhase.PENDING : phase(r)) {
      case SUCCEEDED -> Outcome.SUCCEEDED;
      case FAILED -> Outcome.FAILED;
      default -> Outcome.UNFINISHED;
    };
  }

  private static BackupRunPhase phase(BackupRun r) {
    return r.getStatus() == null ? null : r.getStatus().getPhase();
  }

  private static boolean terminal(BackupRun r) {
    return phase(r) != null && phase(r).terminal();
  }
}
