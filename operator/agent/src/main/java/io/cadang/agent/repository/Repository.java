package io.cadang.agent.repository;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An object store holding backup artifacts and manifests: S3-compatible storage or a local
 * directory. Keys are '/'-separated paths relative to the repository's prefix.
 *
 * <p>Durability contract: bytes written through {@link #create} are visible to readers only after
 * {@link ObjectUpload#commit()} returns, and are durable when it returns (S3: multipart upload
 * completed; filesystem: file and directory fsynced, then renamed into place). An aborted or failed
 * upload leaves nothing behind under the key.
 */
public interface Repository extends AutoCloseable {

  /** Starts an upload of unknown length; memory stays bounded whatever the size. */
  ObjectUpload create(String key) throws IOException;

  /** Writes a small object (a manifest) durably in one call. */
  void put(String key, byte[] content) throws IOException;

  /**
   * Opens an object for streaming reads; a missing object is an {@link ObjectNotFoundException}.
   */
  InputStream open(String key) throws IOException;

  /** Metadata of an object; a missing object is an {@link ObjectNotFoundException}. */
  ObjectInfo stat(String key) throws IOException;

  /** Keys under a prefix (recursively), sorted lexicographically. */
  default List<String> list(String prefix) throws IOException {
    return listObjects(prefix).stream().map(ObjectInfo::key).toList();
  }

  /**
   * Keys and sizes under a prefix (recursively), sorted lexicographically by key. S3 lists page by
   * page (1,000 keys a request); the sizes come with the listing at no extra request, so a
   * repository sync can check that every object a manifest names is there in full.
   */
  List<ObjectInfo> listObjects(String prefix) throws IOException;

  /** Deletes an object; deleting an object that is already gone is not an error. */
  void delete(String key) throws IOException;

  /**
   * The Object Lock retain-until date of an object; empty when it carries none (no lock, or a
   * repository without Object Lock). A missing object is an {@link ObjectNotFoundException}.
   */
  default Optional<Instant> lockedUntil(String key) throws IOException {
    stat(key);
    return Optional.empty();
  }

  /**
   * Why this repository cannot keep the Object Lock it was opened with (bucket without a lock or
   * without versioning), as one line; empty when it can or when no lock was asked.
   */
  default Optional<String> objectLockProblem() throws IOException {
    return Optional.empty();
  }

  /** A human-readable, secret-free description such as {@code s3://bucket/prefix} for logs. */
  String describe();

  @Override
  default void close() throws IOException {}
}
