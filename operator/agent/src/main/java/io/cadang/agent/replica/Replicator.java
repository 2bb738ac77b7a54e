package io.cadang.agent.replica;

import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one replica up to date with the primary: the run's own backup first, then a bounded
 * catch-up of older backups the replica lacks (a replica that was down for a few runs heals with
 * the next successful one). Never throws: whatever goes wrong becomes a {@link
 * ReplicaOutcome#FAILED} outcome, because a replica must not fail the backup that already is
 * durable in the primary.
 */
public final class Replicator {
  private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
  public static final int DEFAULT_CATCH_UP_LIMIT = 5;
  private static final int MAX_MESSAGE = 300;

  private final Repository primary;
  private final ReplicaSpec spec;
  private final Map<String, String> env;

  public Replicator(Repository primary, ReplicaSpec spec, Map<String, String> env) {
    this.primary = primary;
    this.spec = spec;
    this.env = env;
  }

  /**
   * Copies and verifies {@code backupId}, then up to {@code catchUpLimit} older backups missing in
   * the replica (oldest first).
   */
  public ReplicaOutcome afterBackup(String backupId, int catchUpLimit) {
    Totals totals = new Totals();
    try (Repository replica = ReplicaEnvironment.open(spec, env)) {
      try {
        totals.add(new BackupCopier(primary, replica).copy(backupId));
      } catch (IOException | RuntimeException e) {
        return failed(totals, "backup " + backupId + ": " + describe(e));
      }
      String catchUpProblem = null;
      List<String> missing = List.of();
      try {
        missing = missing(replica, Set.of(backupId));
        for (String id : missing.subList(0, Math.min(catchUpLimit, missing.size()))) {
          totals.add(new BackupCopier(primary, replica).copy(id));
          totals.caughtUp.add(id);
        }
      } catch (IOException | RuntimeException e) {
        catchUpProblem = "catch-up stopped: " + describe(e);
      }
      int behind = catchUpProblem == null ? missing.size() - totals.caughtUp.size() : -1;
      String message =
          "backup "
              + backupId
              + " verified in "
              + replica.describe()
              + (totals.caughtUp.isEmpty() ? "" : "; caught up " + totals.caughtUp.size())
              + (behind > 0 ? "; " + behind + " older backup(s) still missing" : "")
              + (catchUpProblem == null ? "" : "; " + catchUpProblem);
      return totals.outcome(spec.name(), ReplicaOutcome.REPLICATED, message, behind);
    } catch (IOException | RuntimeException e) {
      return failed(totals, describe(e));
    }
  }

  /** What {@code cadang replicate} copies. */
  public enum Selection {
    /** Backups of the primary whose manifest the replica lacks (the default). */
    MISSING,
    /** Every backup of the primary, re-verifying those already there. */
    ALL
  }

  /** {@code cadang replicate --backup-id}: copies and verifies exactly these backups. */
  public ReplicaOutcome replicate(List<String> backupIds) {
    return replicate(replica -> backupIds);
  }

  /**
   * {@code cadang replicate [--all]}: copies and verifies the selected backups, oldest first, with
   * no catch-up limit. Objects already correct are read back, not copied again.
   */
  public ReplicaOutcome replicate(Selection selection) {
    return replicate(replica -> missing(selection == Selection.ALL ? null : replica, Set.of()));
  }

  private interface IdSource {
    List<String> ids(Repository replica) throws IOException;
  }

  private ReplicaOutcome replicate(IdSource source) {
    Totals totals = new Totals();
    try (Repository replica = ReplicaEnvironment.open(spec, env)) {
      List<String> ids = source.ids(replica);
      for (String id : ids) {
        try {
          totals.add(new BackupCopier(primary, replica).copy(id));
          totals.caughtUp.add(id);
        } catch (IOException | RuntimeException e) {
          return failed(totals, "backup " + id + ": " + describe(e));
        }
      }
      String message = ids.size() + " backup(s) verified in " + replica.describe();
      return totals.outcome(
          spec.name(), ReplicaOutcome.REPLICATED, message, behindOrUnknown(replica));
    } catch (IOException | RuntimeException e) {
      return failed(totals, describe(e));
    }
  }

  private int behindOrUnknown(Repository replica) {
    try {
      return missing(replica, Set.of()).size();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Backups with a manifest in the primary but not in {@code replica} (null: all), oldest first.
   */
  List<String> missing(Repository replica, Set<String> except) throws IOException {
    Set<String> present = replica == null ? Set.of() : manifestIds(replica);
    List<BackupManifest> candidates = new ArrayList<>();
    BackupCatalog catalog = new BackupCatalog(primary);
    for (String id : manifestIds(primary)) {
      if (!present.contains(id) && !except.contains(id)) {
        try {
          candidates.add(catalog.load(id));
        } catch (ManifestException e) {
          // An unreadable manifest is not a backup anyone can restore; copying it helps nobody.
          LOG.warn("not replicating backup {}: {}", id, e.getMessage());
        }
      }
    }
    candidates.sort(
        Comparator.comparing(BackupManifest::finishedAt).thenComparing(BackupManifest::backupId));
    return candidates.stream().map(BackupManifest::backupId).toList();
  }

  private static Set<String> manifestIds(Repository repository) throws IOException {
    Set<String> ids = new TreeSet<>();
    for (String key : repository.list(BackupLayout.ROOT)) {
      String id = BackupLayout.backupIdOfManifest(key);
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  private ReplicaOutcome failed(Totals totals, String message) {
    LOG.warn("replica '{}' failed: {}", spec.name(), message);
    return totals.outcome(spec.name(), ReplicaOutcome.FAILED, message, -1);
  }

  /** The exception's own one-line message; repository errors never carry credentials. */
  static String describe(Throwable e) {
    String m =
        e.getMessage() == null || e.getMessage().isBlank()
            ? e.getClass().getSimpleName()
            : e.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
  }

  private static final class Totals {
    int objects;
    long bytes;
    int skipped;
    int repaired;
    final Set<String> caughtUp = new LinkedHashSet<>();

    void add(CopyReport report) {
      objects += report.copied();
      bytes += report.bytesCopied();
      skipped += report.skipped();
      repaired += report.repaired();
    }

    ReplicaOutcome outcome(String name, String state, String message, int behind) {
      return new ReplicaOutcome(
          name, state, message, objects, bytes, skipped, repaired, List.copyOf(caughtUp), behind);
    }
  }
}
