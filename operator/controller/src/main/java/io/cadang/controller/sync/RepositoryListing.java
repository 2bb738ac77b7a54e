package io.cadang.controller.sync;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.repository.ObjectInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One repository's {@code backups/} listing grouped by backup id: which ids have a manifest and the
 * size of every object. Built from a single listing, so checking that a manifest's objects are all
 * there in full costs no request per object.
 */
final class RepositoryListing {
  private final String repository;
  private final Map<String, Map<String, Long>> objectsById;
  private final Set<String> withManifest;

  private RepositoryListing(
      String repository, Map<String, Map<String, Long>> objectsById, Set<String> withManifest) {
    this.repository = repository;
    this.objectsById = objectsById;
    this.withManifest = withManifest;
  }

  static RepositoryListing of(String repository, List<ObjectInfo> objects) {
    Map<String, Map<String, Long>> byId = new TreeMap<>();
    Set<String> manifests = new java.util.TreeSet<>();
    for (ObjectInfo o : objects) {
      String id = idOf(o.key());
      if (id == null) {
        continue;
      }
      byId.computeIfAbsent(id, k -> new HashMap<>()).put(o.key(), o.size());
      if (BackupLayout.manifestKey(id).equals(o.key())) {
        manifests.add(id);
      }
    }
    return new RepositoryListing(repository, byId, manifests);
  }

  /** The id of {@code backups/<id>/...}, or null for keys outside a backup's folder. */
  static String idOf(String key) {
    if (!key.startsWith(BackupLayout.ROOT)) {
      return null;
    }
    int slash = key.indexOf('/', BackupLayout.ROOT.length());
    return slash < 0 ? null : key.substring(BackupLayout.ROOT.length(), slash);
  }

  String repository() {
    return repository;
  }

  Set<String> ids() {
    return objectsById.keySet();
  }

  boolean hasManifest(String id) {
    return withManifest.contains(id);
  }

  Set<String> withManifest() {
    return withManifest;
  }

  /** The stored size of {@code key}, or null when the listing does not hold it. */
  Long size(String id, String key) {
    Map<String, Long> objects = objectsById.get(id);
    return objects == null ? null : objects.get(key);
  }

  Long manifestSize(String id) {
    return size(id, BackupLayout.manifestKey(id));
  }
}
