package io.cadang.controller.sync;

import io.cadang.agent.manifest.RepositoryMarker;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.RepositorySyncStatus;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.jobs.RepositoryUris;
import io.cadang.controller.runtime.SecretValues;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a policy's BackupRuns from its repositories: every complete backup the cluster has no
 * run for becomes a run with trigger Imported and phase Succeeded, its status written from the
 * manifest. At most {@link #MAX_IMPORTS_PER_PASS} runs per pass, newest first, so the backups a
 * restore most likely wants appear first and a repository of 10,000 backups never holds the
 * reconciler for long; the next pass follows at once.
 */
public final class RepositorySync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RepositorySync.class);

  static final int MAX_IMPORTS_PER_PASS = 200;
  private static final int MAX_REFUSED_IN_STATUS = 20;
  private static final int MAX_WARNINGS_PER_PASS = 10;

  /** What a pass found, for status and the RepositorySynced condition. */
  public record Outcome(
      RepositorySyncStatus status,
      boolean synced,
      ConditionReason reason,
      String message,
      boolean more) {}

  private final KubernetesClient client;
  private final SecretValues secrets;
  private final EventRecorder events;
  private final RepositoryScanner scanner = new RepositoryScanner();
  private final Set<String> syncedSinceStart = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<String>> announced = new ConcurrentHashMap<>();

  public RepositorySync(KubernetesClient client, SecretValues secrets, EventRecorder events) {
    this.client = client;
    this.secrets = secrets;
    this.events = events;
  }

  /** Policies (by uid) synced since this process started: the first pass of each is due. */
  public Set<String> syncedSinceStart() {
    return syncedSinceStart;
  }

  /**
   * @param runs every BackupRun of the policy, those being deleted included (their backups are
   *     known: their objects are going)
   */
  public Outcome sync(BackupPolicy policy, Collection<BackupRun> runs, Instant now)
      throws InterruptedException {
    String ns = policy.getMetadata().getNamespace();
    Set<String> known = new HashSet<>();
    for (BackupRun r : runs) {
      boolean importPending =
          ImportedRuns.isImported(r) && (r.getStatus() == null || r.getStatus().getPhase() == null);
      if (!importPending) {
        known.add(r.getMetadata().getName());
        if (r.getStatus() != null && r.getStatus().getBackupId() != null) {
          known.add(r.getStatus().getBackupId());
        }
      }
    }
    List<RepositoryScanner.Source> sources = new ArrayList<>();
    List<Repository> opened = new ArrayList<>();
    ScanResult result;
    try {
      for (io.cadang.api.v1alpha1.Repository spec : repositories(policy)) {
        Repository repo =
            Repositories.open(RepositoryUris.of(spec), secrets.repositoryEnv(ns, spec));
        opened.add(repo);
        sources.add(new RepositoryScanner.Source(spec.getName(), repo));
      }
      boolean adopt =
          policy.getSpec().getRepositorySync() != null
              && Boolean.TRUE.equals(policy.getSpec().getRepositorySync().getAdopt());
      result =
          scanner.scan(
              sources, known, RepositoryMarker.of(ns, policy.getMetadata().getName(), now), adopt);
    } catch (IOException | RuntimeException e) {
      return new Outcome(
          null,
          false,
          ConditionReason.REPOSITORY_UNREACHABLE,
          "cannot open the repositories: " + e.getMessage(),
          false);
    } finally {
      for (Repository r : opened) {
        try {
          r.close();
        } catch (IOException e) {
          LOG.debug("closing {}: {}", r.describe(), e.getMessage());
        }
      }
    }
    List<ImportedBackup> batch =
        result.found().subList(0, Math.min(MAX_IMPORTS_PER_PASS, result.found().size()));
    List<String> created = new ArrayList<>();
    List<ScanResult.Refusal> clashes = new ArrayList<>();
    for (ImportedBackup backup : batch) {
      if (importRun(policy, backup, now)) {
        created.add(backup.backupId());
      } else {
        clashes.add(
            new ScanResult.Refusal(
                backup.backupId(),
                backup.repository(),
                "BackupRun '"
                    + ImportedRuns.name(backup.backupId())
                    + "' already exists and is not this backup's (another policy's run, or one"
                    + " being deleted)"));
      }
    }
    if (!clashes.isEmpty()) {
      List<ScanResult.Refusal> refused = new ArrayList<>(result.refused());
      refused.addAll(clashes);
      result =
          new ScanResult(
              result.complete(), result.found(), refused, result.problems(), result.foreign());
    }
    boolean more = result.found().size() > batch.size() || !created.isEmpty();
    announce(policy, result, created);
    syncedSinceStart.add(policy.getMetadata().getUid());
    return outcome(policy, runs, result, created.size(), more, now);
  }

  /** Creates the run, then writes its status; true when this pass imported it. */
  private boolean importRun(BackupPolicy policy, ImportedBackup backup, Instant now) {
    BackupRun desired = ImportedRuns.desired(policy, backup);
    String ns = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    BackupRun run;
    try {
      run = client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e; // transient: JOSDK retries the policy's reconcile with backoff
      }
      run = client.resources(BackupRun.class).inNamespace(ns).withName(name).get();
      boolean ours =
          run != null
              && ImportedRuns.isImported(run)
              && policy.getMetadata().getName().equals(run.getSpec().getPolicyRef().getName())
              && (run.getStatus() == null || run.getStatus().getPhase() == null);
      if (!ours) {
        // Another run holds the name (a run of another policy, or one being deleted): the
        // backup is reported as refused, never imported over it.
        return false;
      }
    }
    run.setStatus(ImportedRuns.status(backup, generationOf(run), now));
    // Without a resourceVersion: the BackupRun reconciler adds its finalizer right after the
    // create, and only this writer ever sets an imported run's status.
    run.getMetadata().setResourceVersion(null);
    client.resource(run).patchStatus();
    return true;
  }

  private Outcome outcome(
      BackupPolicy policy,
      Collection<BackupRun> runs,
      ScanResult result,
      int created,
      boolean more,
      Instant now) {
    RepositorySyncStatus status = new RepositorySyncStatus();
    // Complete only when a pass finds nothing new: then every imported run is in the informer's
    // cache, so the recovery window computed in the same reconcile includes them, and a restore
    // waiting for this time resolves against a complete set.
    if (!more && created == 0) {
      status.setLastSyncedTime(now.toString());
    } else if (policy.getStatus() != null && policy.getStatus().getSync() != null) {
      status.setLastSyncedTime(policy.getStatus().getSync().getLastSyncedTime());
    }
    status.setBackups(result.complete());
    int imported = created;
    for (BackupRun r : runs) {
      if (ImportedRuns.isImported(r) && r.getStatus() != null && r.getStatus().getPhase() != null) {
        imported++;
      }
    }
    status.setImported(imported);
    status.setRefused(result.refused().size());
    if (!result.refused().isEmpty()) {
      status.setRefusedBackups(
          result.refused().stream()
              .limit(MAX_REFUSED_IN_STATUS)
              .map(ScanResult.Refusal::line)
              .toList());
    }
    if (!result.problems().isEmpty()) {
      return new Outcome(
          status,
          false,
          result.foreign()
              ? ConditionReason.FOREIGN_REPOSITORY
              : ConditionReason.REPOSITORY_UNREACHABLE,
          String.join("; ", result.problems()),
          more);
    }
    if (!result.refused().isEmpty()) {
      return new Outcome(
          status,
          false,
          ConditionReason.BACKUPS_REFUSED,
          result.refused().size()
              + " backup(s) not imported, e.g. "
              + result.refused().get(0).line(),
          more);
    }
    return new Outcome(
        status,
        true,
        ConditionReason.SYNCED,
        result.complete()
            + " complete backup(s) in the repositories, "
            + imported
            + " imported"
            + (more ? "; importing more" : ""),
        more);
  }

  /** One Normal Event per pass that imported something; one Warning per newly refused backup. */
  private void announce(BackupPolicy policy, ScanResult result, List<String> created) {
    if (!created.isEmpty()) {
      events.normal(
          policy,
          "BackupsImported",
          "imported "
              + created.size()
              + " backup(s) found in the repositories as BackupRuns, newest "
              + created.get(0));
      LOG.info("imported {} backup(s), newest {}", created.size(), created.get(0));
    }
    Set<String> seen =
        announced.computeIfAbsent(
            policy.getMetadata().getUid(), k -> ConcurrentHashMap.newKeySet());
    Set<String> now = new HashSet<>();
    int warned = 0;
    for (ScanResult.Refusal r : result.refused()) {
      String line = r.line();
      now.add(line);
      if (seen.add(line) && warned++ < MAX_WARNINGS_PER_PASS) {
        events.warning(policy, "BackupRefused", "not imported: " + line);
      }
    }
    seen.retainAll(now);
  }

  private static long generationOf(BackupRun run) {
    Long g = run.getMetadata().getGeneration();
    return g == null ? 1 : g;
  }

  private static List<io.cadang.api.v1alpha1.Repository> repositories(BackupPolicy policy) {
    List<io.cadang.api.v1alpha1.Repository> all = new ArrayList<>();
    all.add(policy.getSpec().getStorage().getPrimary());
    if (policy.getSpec().getStorage().getReplicas() != null) {
      all.addAll(policy.getSpec().getStorage().getReplicas());
    }
    return all;
  }

  @Override
  public void close() {
    scanner.close();
  }
}
