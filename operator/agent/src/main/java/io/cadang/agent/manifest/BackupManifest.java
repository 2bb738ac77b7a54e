package io.cadang.agent.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cadang.agent.keys.WrappedKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of one backup, written to the repository after every artifact is durable: a backup
 * without its manifest does not exist. Stored as JSON at {@code backups/<id>/manifest.json}; the
 * schema is documented in docs/format.md. Sealed with an HMAC under the backup's data key (see
 * {@link ManifestCodec}), so a tampered row count or checksum is detected.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; readers refuse newer versions
 * @param backupId unique id, also the folder name in the repository
 * @param kind {@code logical} (pg_dump), {@code physical} (pg_basebackup) or {@code configs}
 *     (Kubernetes objects)
 * @param startedAt when the backup started
 * @param finishedAt when the last artifact became durable
 * @param cadangVersion the agent version that wrote it
 * @param source the server the data came from; null for a config snapshot
 * @param encryption how the artifacts are encrypted and the wrapped data key
 * @param databases what each database dump holds, with row counts from the dump's snapshot
 * @param objects every artifact with sizes and checksums
 * @param physical WAL facts of a physical base backup; absent (not even {@code null}) in logical
 *     manifests, so the canonical bytes, and therefore the seals, of existing manifests are
 *     unchanged
 * @param files what a files backup (kind {@code files}) holds; absent in other kinds, for the same
 *     reason as {@code physical}. Such manifests have no {@code source} either (omitted when null;
 *     database manifests always have one, so their bytes are unchanged)
 * @param configs what a config snapshot ({@code kind} {@code configs}) exported and where it was
 *     pushed; absent in every other kind, for the same reason as {@code physical}
 * @param seal hex HMAC-SHA256 over the canonical manifest (without seal and wrapped key)
 */
public record BackupManifest(
    int formatVersion,
    String backupId,
    String kind,
    Instant startedAt,
    Instant finishedAt,
    String cadangVersion,
    @JsonInclude(JsonInclude.Include.NON_NULL) Source source,
    Encryption encryption,
    List<DatabaseEntry> databases,
    List<ArtifactEntry> objects,
    @JsonInclude(JsonInclude.Include.NON_NULL) Physical physical,
    @JsonInclude(JsonInclude.Include.NON_NULL) Files files,
    @JsonInclude(JsonInclude.Include.NON_NULL) Configs configs,
    String seal) {

  public static final int FORMAT_VERSION = 1;
  public static final String KIND_LOGICAL = "logical";
  public static final String KIND_PHYSICAL = "physical";
  public static final String KIND_FILES = "files";
  public static final String KIND_CONFIGS = "configs";

  /**
   * A PostgreSQL backup (no files or configs section): the shape every manifest had before them.
   */
  public BackupManifest(
      int formatVersion,
      String backupId,
      String kind,
      Instant startedAt,
      Instant finishedAt,
      String cadangVersion,
      Source source,
      Encryption encryption,
      List<DatabaseEntry> databases,
      List<ArtifactEntry> objects,
      Physical physical,
      String seal) {
    this(
        formatVersion,
        backupId,
        kind,
        startedAt,
        finishedAt,
        cadangVersion,
        source,
        encryption,
        databases,
        objects,
        physical,
        null,
        null,
        seal);
  }

  /**
   * What a config snapshot holds (docs/configs.md).
   *
   * @param resources the kinds asked for, as {@code apiVersion/Kind}
   * @param namespaces the namespaces searched (namespaced kinds only)
   * @param selector the label selector, or null
   * @param objects objects in {@code configs.tar}
   * @param secrets how many of them are Secrets (in the encrypted archive only, never in git)
   * @param git where the non-secret objects were pushed, or null without git
   */
  public record Configs(
      List<String> resources,
      List<String> namespaces,
      String selector,
      int objects,
      int secrets,
      Git git) {}

  /**
   * @param url the remote, never with credentials in it
   * @param branch the branch pushed to
   * @param path the sub-directory the snapshot replaces ("" for the whole tree)
   * @param commit the commit made, or null when nothing changed (or the push failed)
   * @param pushed whether the remote branch now holds the snapshot
   */
  public record Git(String url, String branch, String path, String commit, boolean pushed) {}

  /**
   * Where a physical base backup sits in the server's WAL (docs/pitr.md).
   *
   * @param startLsn the backup's redo start point, e.g. {@code 0/2000028}
   * @param stopLsn the end-of-backup point; replay must reach it before the copy is consistent
   * @param timeline the timeline the backup was taken on
   * @param label the backup label given to pg_basebackup
   * @param systemIdentifier the cluster's system identifier ({@code pg_control_system()}), so WAL
   *     of another cluster is never replayed on top of it
   * @param backupStartedAt server time before the backup started
   * @param backupStoppedAt server time after the backup stopped: the earliest point in time this
   *     backup can be recovered to
   * @param bootstrapRole the cluster's bootstrap superuser (oid 10), which recovery uses to inspect
   *     the recovered server over a private socket
   */
  public record Physical(
      String startLsn,
      String stopLsn,
      int timeline,
      String label,
      String systemIdentifier,
      Instant backupStartedAt,
      Instant backupStoppedAt,
      String bootstrapRole) {}

  /**
   * The facts of a files backup (docs/files.md). The per-file list is not here but in the encrypted
   * object {@code files-index.jsonl}: file names are user data, and this manifest is sealed, not
   * encrypted; a tree can also hold millions of entries.
   *
   * @param root the directory the paths are relative to, as mounted in the agent
   * @param paths the backed-up paths relative to the root ({@code .} for all of it)
   * @param excludes GNU tar glob patterns left out
   * @param entries archive members (files, directories, links, others)
   * @param regularFiles regular files among them (each with a SHA-256 in the index)
   * @param bytes logical bytes of the regular files (holes of sparse files included)
   * @param changedDuringRead the first 20 paths that changed while they were read
   * @param changedCount how many paths changed while they were read
   */
  public record Files(
      String root,
      List<String> paths,
      List<String> excludes,
      long entries,
      long regularFiles,
      long bytes,
      List<String> changedDuringRead,
      long changedCount) {}

  /** Named without an is/get prefix so Jackson does not mistake it for a manifest field. */
  public boolean physicalKind() {
    return KIND_PHYSICAL.equals(kind);
  }

  /**
   * @param host the server's host as the agent connected to it
   * @param port its port
   * @param serverVersion e.g. 15.18
   * @param serverVersionNum e.g. 150018
   * @param pgDumpVersion the pg_dump that wrote the dumps, e.g. "pg_dump (PostgreSQL) 15.18"
   */
  public record Source(
      String host, int port, String serverVersion, int serverVersionNum, String pgDumpVersion) {}

  /**
   * @param cipher {@code AES-256-GCM-framed-v1}
   * @param compression {@code zstd}
   * @param wrappedKey the per-backup data key, wrapped by the master key
   */
  public record Encryption(String cipher, String compression, WrappedKey wrappedKey) {}

  /**
   * @param name the database name on the source server
   * @param object name of the artifact holding its dump
   * @param encoding the database encoding, used when a restore creates the database
   * @param tables exact row counts per table, taken in the snapshot the dump used
   */
  public record DatabaseEntry(String name, String object, String encoding, List<TableRows> tables) {
    /** The same entry with row counts only: what a counts-only verification compares. */
    public DatabaseEntry withoutChecksums() {
      return new DatabaseEntry(
          name,
          object,
          encoding,
          tables.stream().map(t -> new TableRows(t.schema(), t.table(), t.rows())).toList());
    }
  }

  /** Rows in one table at the dump's snapshot. */
  public record TableRows(
      String schema,
      String table,
      long rows,
      @JsonInclude(JsonInclude.Include.NON_NULL) String checksum) {
    public TableRows(String schema, String table, long rows) {
      this(schema, table, rows, null);
    }

    public String qualifiedName() {
      return schema + "." + table;
    }
  }

  /**
   * @param name logical name inside the backup (bound into the encryption), e.g. {@code
   *     db/app.dump}
   * @param key the object key relative to the repository root
   * @param contentType {@code pg_dump-custom} or {@code sql}
   * @param rawBytes plaintext bytes before compression
   * @param storedBytes bytes in the repository (compressed and encrypted)
   * @param sha256 hex SHA-256 of the stored bytes
   */
  public record ArtifactEntry(
      String name,
      String key,
      String contentType,
      long rawBytes,
      long storedBytes,
      String sha256) {}

  public long totalRawBytes() {
    return objects.stream().mapToLong(ArtifactEntry::rawBytes).sum();
  }

  public long totalStoredBytes() {
    return objects.stream().mapToLong(ArtifactEntry::storedBytes).sum();
  }

  public Optional<ArtifactEntry> object(String name) {
    return objects.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  public Optional<DatabaseEntry> database(String name) {
    return databases.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  public BackupManifest withSeal(String newSeal) {
    return new BackupManifest(
        formatVersion,
        backupId,
        kind,
        startedAt,
        finishedAt,
        cadangVersion,
        source,
        encryption,
        databases,
        objects,
        physical,
        files,
        configs,
        newSeal);
  }

  public BackupManifest withWrappedKey(WrappedKey key) {
    return new BackupManifest(
        formatVersion,
        backupId,
        kind,
        startedAt,
        finishedAt,
        cadangVersion,
        source,
        new Encryption(encryption.cipher(), encryption.compression(), key),
        databases,
        objects,
        physical,
        files,
        configs,
        seal);
  }
}
