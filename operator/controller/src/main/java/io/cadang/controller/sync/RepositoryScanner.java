package io.cadang.controller.sync;

import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.manifest.RepositoryMarker;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Finds the complete backups in a policy's repositories that the cluster has no BackupRun for. One
 * listing per repository (page by page), then one download per manifest not seen before: ids the
 * cluster knows are never downloaded, and a refused manifest is downloaded again only when its size
 * changes, so a repeated pass over 10,000 backups costs the listings alone.
 *
 * <p>A backup is found when one repository (the primary first) holds its manifest and every object
 * the manifest names, at the size it names. Replicas are sources too: a backup only a replica still
 * holds (the primary's region is gone) is found there.
 */
public final class RepositoryScanner implements AutoCloseable {
  /** Manifests are small; a few downloads in flight hide the round trip. */
  private static final int DOWNLOADS = 8;

  /** A repository of the policy, by the name the policy gives it. */
  public record Source(String name, Repository repository) {}

  private final ExecutorService downloads = downloadPool();

  /** Refusals by repository, id and manifest size: not downloaded again while unchanged. */
  private final Map<String, String> refusedManifests = new ConcurrentHashMap<>();

  /**
   * @param sources the primary first, then the replicas
   * @param known backup ids (and run names) the cluster already has a BackupRun for
   * @param owner the policy doing the sync; a repository marked for another policy is refused
   * @param adopt take over repositories marked for another policy
   */
  public ScanResult scan(
      List<Source> sources, Set<String> known, RepositoryMarker owner, boolean adopt)
      throws InterruptedException {
    List<String> problems = new ArrayList<>();
    boolean foreign = false;
    Map<String, RepositoryListing> listings = new LinkedHashMap<>();
    Map<String, String> walSystems = new HashMap<>();
    for (Source s : sources) {
      try {
        Optional<String> notOurs = claim(s.repository(), owner, adopt);
        if (notOurs.isPresent()) {
          problems.add("repository '" + s.name() + "': " + notOurs.get());
          foreign = true;
          continue;
        }
        listings.put(
            s.name(),
            RepositoryListing.of(s.name(), s.repository().listObjects(BackupLayout.ROOT)));
        WalStatus.read(s.repository())
            .map(WalStatus::systemIdentifier)
            .ifPresent(id -> walSystems.put(s.name(), id));
      } catch (IOException | ManifestException | RuntimeException e) {
        problems.add("repository '" + s.name() + "' could not be read: " + e.getMessage());
      }
    }
    Map<String, Repository> byName = new HashMap<>();
    sources.forEach(s -> byName.put(s.name(), s.repository()));

    java.util.SortedSet<String> complete = new java.util.TreeSet<>();
    listings.values().forEach(l -> complete.addAll(l.withManifest()));
    Map<String, Future<Outcome>> pending = new LinkedHashMap<>();
    for (String id : complete) {
      if (!known.contains(id)) {
        pending.put(id, downloads.submit(() -> examine(id, listings, byName, walSystems)));
      }
    }
    List<ImportedBackup> found = new ArrayList<>();
    List<ScanResult.Refusal> refused = new ArrayList<>();
    for (var e : pending.entrySet()) {
      try {
        Outcome outcome = e.getValue().get();
        if (outcome.backup() != null) {
          found.add(outcome.backup());
        } else {
          refused.add(outcome.refusal());
        }
      } catch (ExecutionException ex) {
        refused.add(new ScanResult.Refusal(e.getKey(), "?", "could not be read: " + ex.getCause()));
      }
    }
    // Objects without a manifest anywhere: a backup that never finished (or is being written by a
    // Job the cluster knows by its run name, which is the backup id).
    java.util.SortedSet<String> unfinished = new java.util.TreeSet<>();
    listings.values().forEach(l -> unfinished.addAll(l.ids()));
    unfinished.removeAll(complete);
    unfinished.removeAll(known);
    for (String id : unfinished) {
      String where =
          listings.values().stream()
              .filter(l -> l.ids().contains(id))
              .map(RepositoryListing::repository)
              .findFirst()
              .orElse("?");
      refused.add(
          new ScanResult.Refusal(
              id, where, "incomplete: objects under backups/" + id + "/ but no manifest.json"));
    }
    found.sort(
        Comparator.comparing(ImportedBackup::finishedAt)
            .reversed()
            .thenComparing(ImportedBackup::backupId));
    return new ScanResult(complete.size(), found, refused, problems, foreign);
  }

  private record Outcome(ImportedBackup backup, ScanResult.Refusal refusal) {}

  /** Checks the repositories holding a manifest of {@code id}, primary first. */
  private Outcome examine(
      String id,
      Map<String, RepositoryListing> listings,
      Map<String, Repository> repositories,
      Map<String, String> walSystems) {
    ImportedBackup accepted = null;
    List<String> holders = new ArrayList<>();
    ScanResult.Refusal firstRefusal = null;
    for (RepositoryListing listing : listings.values()) {
      if (!listing.hasManifest(id)) {
        continue;
      }
      String name = listing.repository();
      String cacheKey = name + "\u0000" + id + "\u0000" + listing.manifestSize(id);
      String reason = refusedManifests.get(cacheKey);
      BackupManifest manifest = null;
      if (reason == null) {
        try {
          manifest = new BackupCatalog(repositories.get(name)).load(id);
          reason = ManifestChecks.incomplete(manifest, listing).orElse(null);
          if (reason == null) {
            reason = ManifestChecks.foreignSystem(manifest, walSystems.get(name)).orElse(null);
          }
        } catch (ManifestException e) {
          reason = "manifest.json is damaged: " + e.getMessage();
        } catch (IOException | RuntimeException e) {
          // Not cached: a read error may pass.
          if (firstRefusal == null) {
            firstRefusal =
                new ScanResult.Refusal(
                    id, name, "manifest.json could not be read: " + e.getMessage());
          }
          continue;
        }
        if (reason != null) {
          refusedManifests.put(cacheKey, reason);
        }
      }
      if (reason != null) {
        if (firstRefusal == null) {
          firstRefusal = new ScanResult.Refusal(id, name, reason);
        }
        continue;
      }
      holders.add(name);
      if (accepted == null) {
        accepted = ImportedBackup.of(manifest, name, holders);
      }
    }
    return accepted != null
        ? new Outcome(accepted, null)
        : new Outcome(
            null,
            firstRefusal != null
                ? firstRefusal
                : new ScanResult.Refusal(id, "?", "no repository holds it complete"));
  }

  /**
   * Empty when the repository is this policy's (its marker is written when missing, or rewritten
   * with {@code adopt}); otherwise why it is not.
   */
  private static Optional<String> claim(Repository repo, RepositoryMarker owner, boolean adopt)
      throws IOException, ManifestException {
    Optional<RepositoryMarker> marker = RepositoryMarker.read(repo);
    if (marker.isPresent() && marker.get().sameOwner(owner)) {
      return Optional.empty();
    }
    if (marker.isPresent() && !adopt) {
      return Optional.of(
          "it belongs to BackupPolicy "
              + marker.get().owner()
              + " ("
              + RepositoryMarker.KEY
              + "), not to "
              + owner.owner()
              + "; set spec.repositorySync.adopt: true to take it over");
    }
    owner.write(repo);
    return Optional.empty();
  }

  /** Threads end when idle, so an operator (or a test) that never closes the scanner leaks none. */
  private static ExecutorService downloadPool() {
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(
            DOWNLOADS,
            DOWNLOADS,
            30,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "cadang-sync-download");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Forgets refusals (tests and benchmarks start cold with it). */
  public void forget() {
    refusedManifests.clear();
  }

  @Override
  public void close() {
    downloads.shutdownNow();
  }
}
