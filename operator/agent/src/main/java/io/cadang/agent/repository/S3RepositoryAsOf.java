package io.cadang.agent.repository;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned bucket read as it was at an instant: for every key the newest version written at or
 * before that time, and nothing for a key whose newest such entry is a delete marker. Versions
 * written later (an attacker's "overwrite" of a manifest, a poisoned WAL segment, a delete marker)
 * are invisible, so a restore from this view reads exactly what the repository held then.
 * Read-only: every write is refused.
 */
final class S3RepositoryAsOf implements Repository {
  /** One key's visible version: its id and size. */
  record Version(String versionId, long size) {}

  private final S3Repository repository;
  private final Instant asOf;

  S3RepositoryAsOf(S3Repository repository, Instant asOf) {
    this.repository = repository;
    this.asOf = asOf;
  }

  @Override
  public ObjectUpload create(String key) throws IOException {
    throw readOnly();
  }

  @Override
  public void put(String key, byte[] content) throws IOException {
    throw readOnly();
  }

  @Override
  public void delete(String key) throws IOException {
    throw readOnly();
  }

  @Override
  public InputStream open(String key) throws IOException {
    return repository.openVersion(key, version(key).versionId());
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    return new ObjectInfo(key, version(key).size());
  }

  @Override
  public Optional<Instant> lockedUntil(String key) throws IOException {
    return repository.lockedUntilOfVersion(key, version(key).versionId());
  }

  @Override
  public List<ObjectInfo> listObjects(String prefix) throws IOException {
    Map<String, Version> visible = visible(prefix, false);
    List<ObjectInfo> objects = new ArrayList<>();
    visible.forEach((key, v) -> objects.add(new ObjectInfo(key, v.size())));
    objects.sort(Comparator.comparing(ObjectInfo::key));
    return objects;
  }

  @Override
  public String describe() {
    return repository.describe() + " as of " + asOf;
  }

  @Override
  public void close() {
    repository.close();
  }

  private Version version(String key) throws IOException {
    ObjectKeys.requireValid(key);
    Version v = visible(key, true).get(key);
    if (v == null) {
      throw new ObjectNotFoundException(
          "object '" + key + "' did not exist in " + describe() + " (no version at that time)");
    }
    return v;
  }

  private Map<String, Version> visible(String prefix, boolean exact) throws IOException {
    List<S3Repository.VersionEntry> entries = repository.versions(prefix);
    if (exact) {
      entries = entries.stream().filter(e -> e.key().equals(prefix)).toList();
    }
    return visibleAt(entries, asOf);
  }

  /**
   * Key → the version visible at {@code asOf}: per key the entry with the latest LastModified not
   * after it, absent when that entry is a delete marker. Pure. It relies on S3's meaning of a
   * version's LastModified, its creation time (AWS S3, Ceph RGW). A server that reports another
   * time for older versions (Versity Gateway 1.8 reports when a version was superseded) makes an
   * overwritten object invisible in the view rather than showing the newer content: a restore then
   * fails with "did not exist" instead of reading what was written later.
   */
  static Map<String, Version> visibleAt(List<S3Repository.VersionEntry> entries, Instant asOf) {
    Map<String, S3Repository.VersionEntry> newest = new HashMap<>();
    for (S3Repository.VersionEntry e : entries) {
      if (e.lastModified().isAfter(asOf)) {
        continue;
      }
      newest.merge(e.key(), e, (a, b) -> b.lastModified().isAfter(a.lastModified()) ? b : a);
    }
    Map<String, Version> visible = new HashMap<>();
    newest.forEach(
        (key, e) -> {
          if (!e.deleteMarker()) {
            visible.put(key, new Version(e.versionId(), e.size()));
          }
        });
    return visible;
  }

  private RepositoryException readOnly() {
    return new RepositoryException(
        RepositoryException.Reason.INVALID_LOCATION,
        describe() + " is a read-only view of the past (as-of): nothing can be written to it");
  }
}
