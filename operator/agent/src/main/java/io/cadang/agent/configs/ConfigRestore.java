package io.cadang.agent.configs;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.KeyRecords;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-applies a config snapshot. The archive is authenticated (manifest seal, artifact checksum,
 * every cipher frame) before anything reaches the API server; then every object is applied as a
 * server-side dry run, which yields the list of what would be created, changed or left alone and
 * refuses the whole restore if the server rejects any object — so a bad snapshot changes nothing.
 * Only then, unless this is a dry run, is each object applied for real.
 */
public final class ConfigRestore {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigRestore.class);

  /** Kinds other objects live in or are validated against go first. */
  private static final List<String> FIRST_KINDS =
      List.of("Namespace", "CustomResourceDefinition", "ServiceAccount", "Role", "ClusterRole");

  private final Repository repository;
  private final KeyProvider keys;
  private final KubernetesClient client;

  public ConfigRestore(Repository repository, KeyProvider keys, KubernetesClient client) {
    this.repository = repository;
    this.keys = keys;
    this.client = client;
  }

  /**
   * @param backupRef backup id or {@code latest}
   * @param namespaces restore only objects in these namespaces (cluster-scoped objects are then
   *     left out); empty for everything in the snapshot
   * @param dryRun stop after the server-side dry run
   */
  public ConfigRestoreReport run(String backupRef, Set<String> namespaces, boolean dryRun)
      throws BackupException, KeyException, IOException, ManifestException {
    BackupManifest manifest = new BackupCatalog(repository).resolve(backupRef);
    if (!BackupManifest.KIND_CONFIGS.equals(manifest.kind())) {
      throw new ConfigsException(
          "backup '"
              + manifest.backupId()
              + "' is a "
              + manifest.kind()
              + " backup, not a config snapshot");
    }
    List<Item> items = select(read(manifest), namespaces);
    ServerSideApplier applier = new ServerSideApplier(client);
    List<ConfigRestoreReport.ObjectResult> results = new ArrayList<>();
    for (Item item : items) {
      ApplyOutcome outcome = applier.apply(item.kind(), item.object(), true);
      results.add(new ConfigRestoreReport.ObjectResult(item.describe(), outcome));
      LOG.info("restore {}: {} {}", manifest.backupId(), outcome.label(), item.describe());
    }
    if (!dryRun) {
      for (Item item : items) {
        applier.apply(item.kind(), item.object(), false);
      }
    }
    return new ConfigRestoreReport(manifest.backupId(), results, !dryRun);
  }

  /** One object of the snapshot, ready to apply. */
  record Item(
      ResourceKind kind, String namespace, String name, String path, Map<String, Object> object) {
    String describe() {
      return ServerSideApplier.describe(kind, namespace, name);
    }
  }

  private List<Item> read(BackupManifest manifest)
      throws KeyException, IOException, BackupException {
    BackupManifest.ArtifactEntry entry =
        manifest
            .object(ConfigBackup.ARCHIVE_OBJECT)
            .orElseThrow(
                () ->
                    new ConfigsException(
                        "backup '"
                            + manifest.backupId()
                            + "' lists no "
                            + ConfigBackup.ARCHIVE_OBJECT));
    byte[] dataKey = KeyRecords.openDataKey(repository, manifest, keys);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try {
      try (ProgressMeter meter =
          new ProgressMeter("restore " + manifest.backupId(), Duration.ofMinutes(1))) {
        new ArtifactReader(repository).read(manifest.backupId(), entry, dataKey, tar, true, meter);
      }
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
    List<Item> items = new ArrayList<>();
    for (ConfigTar.Entry e : ConfigTar.read(tar.toByteArray())) {
      Map<String, Object> object;
      try {
        object = CanonicalYaml.read(e.content());
      } catch (IOException ex) {
        throw new ConfigsException("snapshot file " + e.path() + " is not valid YAML");
      }
      items.add(item(e.path(), object));
    }
    return items;
  }

  private static Item item(String path, Map<String, Object> object) throws ConfigsException {
    if (!(object.get("metadata") instanceof Map<?, ?> metadata)
        || !(object.get("apiVersion") instanceof String apiVersion)
        || !(object.get("kind") instanceof String kind)
        || !(metadata.get("name") instanceof String name)) {
      throw new ConfigsException("snapshot file " + path + " lacks apiVersion, kind or name");
    }
    // Owner references name owners by uid; in another cluster (or after the owner was recreated)
    // that uid is gone and the garbage collector would delete the restored object. Server-side
    // apply leaves fields it does not send alone, so live owner references are kept.
    metadata.remove("ownerReferences");
    String namespace = metadata.get("namespace") instanceof String ns ? ns : null;
    return new Item(ResourceKind.of(apiVersion, kind), namespace, name, path, object);
  }

  static List<Item> select(List<Item> items, Set<String> namespaces) {
    List<Item> selected =
        new ArrayList<>(
            items.stream()
                .filter(
                    i ->
                        namespaces.isEmpty()
                            || (i.namespace() != null && namespaces.contains(i.namespace())))
                .toList());
    selected.sort(
        Comparator.comparingInt((Item i) -> rank(i.kind().kind())).thenComparing(Item::path));
    return selected;
  }

  private static int rank(String kind) {
    int i = FIRST_KINDS.indexOf(kind);
    return i < 0 ? FIRST_KINDS.size() : i;
  }
}
