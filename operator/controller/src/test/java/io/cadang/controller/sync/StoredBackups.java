package io.cadang.controller.sync;

import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Writes backups into a repository the way the agent leaves them: the objects first, the manifest
 * (real codec, real shape) last. The objects hold filler bytes: the sync judges completeness from
 * the listing's sizes and never reads them.
 */
public final class StoredBackups {
  private StoredBackups() {}

  /** A complete logical backup of database {@code app} finished at {@code finished}. */
  public static BackupManifest logical(Repository repo, String id, Instant finished)
      throws IOException {
    return write(repo, manifest(id, BackupManifest.KIND_LOGICAL, finished, null));
  }

  /** A complete physical base backup of system {@code systemId}. */
  public static BackupManifest physical(
      Repository repo, String id, Instant finished, String systemId) throws IOException {
    BackupManifest.Physical physical =
        new BackupManifest.Physical(
            "0/2000028",
            "0/2000100",
            1,
            id,
            systemId,
            finished.minusSeconds(30),
            finished.minusSeconds(5),
            "postgres");
    return write(repo, manifest(id, BackupManifest.KIND_PHYSICAL, finished, physical));
  }

  public static BackupManifest manifest(
      String id, String kind, Instant finished, BackupManifest.Physical physical) {
    String object = BackupLayout.objectKey(id, "db/app.dump");
    return new BackupManifest(
        BackupManifest.FORMAT_VERSION,
        id,
        kind,
        finished.minusSeconds(60),
        finished,
        "test",
        new BackupManifest.Source("db.internal", 5432, "15.18", 150018, "pg_dump 15.18"),
        new BackupManifest.Encryption(
            "AES-256-GCM-framed-v1",
            "zstd",
            new WrappedKey("secret", "master-key-fp", 3, "d3JhcHBlZA==")),
        List.of(
            new BackupManifest.DatabaseEntry(
                "app",
                "db/app.dump",
                "UTF8",
                List.of(new BackupManifest.TableRows("public", "orders", 2000)))),
        List.of(
            new BackupManifest.ArtifactEntry(
                "db/app.dump", object, "pg_dump-custom", 4096, 37, "ab".repeat(32))),
        physical,
        "5eal".repeat(16));
  }

  /** Objects first, then the manifest: what the agent's durability contract promises. */
  public static BackupManifest write(Repository repo, BackupManifest m) throws IOException {
    for (BackupManifest.ArtifactEntry o : m.objects()) {
      repo.put(o.key(), new byte[(int) o.storedBytes()]);
    }
    repo.put(BackupLayout.manifestKey(m.backupId()), ManifestCodec.toJson(m));
    return m;
  }

  /** Overwrites the manifest's bytes as an attacker or a broken tool might. */
  public static void putManifest(Repository repo, String id, String json) throws IOException {
    repo.put(BackupLayout.manifestKey(id), json.getBytes(StandardCharsets.UTF_8));
  }
}
