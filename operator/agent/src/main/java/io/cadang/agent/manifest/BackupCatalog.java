package io.cadang.agent.manifest;

import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The backups in a repository, discovered from their manifests alone, so a new cluster (or a person
 * with only the CLI) sees exactly what an old one wrote. Objects without a manifest are an
 * unfinished backup and are not listed.
 */
public final class BackupCatalog {
  public static final String LATEST = "latest";

  private final Repository repository;

  public BackupCatalog(Repository repository) {
    this.repository = repository;
  }

  /** The repository, as in error messages (no secrets). */
  public String describe() {
    return repository.describe();
  }

  /** All complete backups, oldest first. */
  public List<BackupManifest> list() throws IOException, ManifestException {
    List<BackupManifest> manifests = new ArrayList<>();
    for (String key : repository.list(BackupLayout.ROOT)) {
      String id = BackupLayout.backupIdOfManifest(key);
      if (id != null) {
        manifests.add(load(id));
      }
    }
    manifests.sort(
        Comparator.comparing(BackupManifest::finishedAt).thenComparing(BackupManifest::backupId));
    return manifests;
  }

  /** Resolves a backup id or {@code latest}. */
  public BackupManifest resolve(String ref) throws IOException, ManifestException {
    if (LATEST.equals(ref)) {
      List<BackupManifest> all = list();
      if (all.isEmpty()) {
        throw new ManifestException("repository " + repository.describe() + " holds no backups");
      }
      return all.get(all.size() - 1);
    }
    BackupLayout.requireValidId(ref);
    return load(ref);
  }

  public BackupManifest load(String backupId) throws IOException, ManifestException {
    byte[] json;
    try (InputStream in = repository.open(BackupLayout.manifestKey(backupId))) {
      json = in.readNBytes(16 * 1024 * 1024);
    } catch (ObjectNotFoundException e) {
      throw new ManifestException(
          "backup '" + backupId + "' not found in " + repository.describe() + " (no manifest)");
    }
    BackupManifest manifest = ManifestCodec.fromJson(backupId, json);
    if (!backupId.equals(manifest.backupId())) {
      throw new ManifestException(
          "manifest at backups/"
              + backupId
              + " names backup '"
              + manifest.backupId()
              + "'; it was moved or tampered with");
    }
    return manifest;
  }

  public boolean exists(String backupId) throws IOException {
    try {
      repository.stat(BackupLayout.manifestKey(backupId));
      return true;
    } catch (ObjectNotFoundException e) {
      return false;
    }
  }

  public void save(BackupManifest manifest) throws IOException {
    repository.put(BackupLayout.manifestKey(manifest.backupId()), ManifestCodec.toJson(manifest));
  }
}
