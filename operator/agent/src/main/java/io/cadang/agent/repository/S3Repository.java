package io.cadang.agent.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A repository in an S3-compatible bucket under a key prefix. Uploads are multipart with bounded
 * memory (see {@link S3Settings#maxInFlightParts()}); reads stream from the connection.
 */
public final class S3Repository implements Repository {
  private final S3Settings settings;
  private final S3Client client;
  private final S3Failures failures;
  private final int listPageSize;

  public S3Repository(S3Settings settings) {
    this(settings, 1000);
  }

  /** A small page size lets tests prove pagination without writing thousands of objects. */
  S3Repository(S3Settings settings, int listPageSize) {
    this.settings = settings;
    this.client = S3Clients.build(settings);
    this.failures = new S3Failures(settings);
    this.listPageSize = listPageSize;
  }

  public S3Settings settings() {
    return settings;
  }

  @Override
  public ObjectUpload create(String key) throws IOException {
    ObjectKeys.requireValid(key);
    return new S3ObjectUpload(this, key, settings.partSizeBytes(), settings.maxInFlightParts());
  }

  @Override
  public void put(String key, byte[] content) throws IOException {
    ObjectKeys.requireValid(key);
    put(key, content, content.length);
  }

  @Override
  public InputStream open(String key) throws IOException {
    ObjectKeys.requireValid(key);
    try {
      return new S3ObjectStream(
          client.getObject(r -> r.bucket(settings.bucket()).key(fullKey(key))));
    } catch (SdkException e) {
      throw failures.onObject("read of", key, e);
    }
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    ObjectKeys.requireValid(key);
    try {
      HeadObjectResponse head =
          client.headObject(r -> r.bucket(settings.bucket()).key(fullKey(key)));
      return new ObjectInfo(key, head.contentLength());
    } catch (SdkException e) {
      throw failures.onObject("stat of", key, e);
    }
  }

  @Override
  public List<ObjectInfo> listObjects(String prefix) throws IOException {
    String base = keyPrefix();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder()
            .bucket(settings.bucket())
            .prefix(base + ObjectKeys.requireValidPrefix(prefix))
            .maxKeys(listPageSize)
            .build();
    try {
      List<ObjectInfo> objects = new ArrayList<>();
      for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
        objects.add(new ObjectInfo(object.key().substring(base.length()), object.size()));
      }
      // S3 returns UTF-8 binary order; sort so every repository answers in the same order.
      objects.sort(java.util.Comparator.comparing(ObjectInfo::key));
      return objects;
    } catch (SdkException e) {
      throw failures.translate("listing of '" + prefix + "'", e);
    }
  }

  /**
   * Deletes an object. With Object Lock the bucket is versioned, where a plain delete only hides
   * the object behind a delete marker and keeps every byte: there each version (and marker) of the
   * key is deleted by id, oldest first, so space is reclaimed. A version still under its lock is
   * refused by the server ({@link RepositoryException.Reason#ACCESS_DENIED}); what was deleted
   * before it stays deleted and a retry continues.
   */
  @Override
  public void delete(String key) throws IOException {
    ObjectKeys.requireValid(key);
    if (settings.objectLock() != null) {
      deleteVersions(key);
      return;
    }
    try {
      // S3 answers 204 for a missing key too, which is the contract we want.
      client.deleteObject(r -> r.bucket(settings.bucket()).key(fullKey(key)));
    } catch (SdkException e) {
      throw failures.onObject("delete of", key, e);
    }
  }

  private void deleteVersions(String key) throws IOException {
    String full = fullKey(key);
    List<String> versionIds = new ArrayList<>();
    try {
      var pages = client.listObjectVersionsPaginator(r -> r.bucket(settings.bucket()).prefix(full));
      for (var page : pages) {
        page.versions().stream()
            .filter(v -> v.key().equals(full))
            .forEach(v -> versionIds.add(v.versionId()));
        page.deleteMarkers().stream()
            .filter(m -> m.key().equals(full))
            .forEach(m -> versionIds.add(m.versionId()));
      }
    } catch (SdkException e) {
      throw failures.translate("listing of the versions of '" + key + "'", e);
    }
    for (String versionId : versionIds) {
      try {
        client.deleteObject(r -> r.bucket(settings.bucket()).key(full).versionId(versionId));
      } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
        if (e.statusCode() != 403) {
          throw failures.onObject("delete of a version of", key, e);
        }
        // A 403 here is almost always the lock, not the credentials: say both, lock first.
        throw new RepositoryException(
            RepositoryException.Reason.ACCESS_DENIED,
            "delete of '"
                + key
                + "' in "
                + settings.describe()
                + " refused (403): the version is under Object Lock until its retain-until date,"
                + " or these credentials may not delete",
            e);
      } catch (SdkException e) {
        throw failures.onObject("delete of a version of", key, e);
      }
    }
  }

  /** One version or delete marker of a key, as a versioned listing returns it. */
  record VersionEntry(
      String key,
      String versionId,
      java.time.Instant lastModified,
      long size,
      boolean deleteMarker) {}

  /** Every version and delete marker under a prefix (keys relative to the repository). */
  List<VersionEntry> versions(String prefix) throws IOException {
    String base = keyPrefix();
    List<VersionEntry> entries = new ArrayList<>();
    try {
      var pages =
          client.listObjectVersionsPaginator(
              r -> r.bucket(settings.bucket()).prefix(base + prefix).maxKeys(listPageSize));
      for (var page : pages) {
        for (var v : page.versions()) {
          entries.add(
              new VersionEntry(
                  v.key().substring(base.length()),
                  v.versionId(),
                  v.lastModified(),
                  v.size(),
                  false));
        }
        for (var m : page.deleteMarkers()) {
          entries.add(
              new VersionEntry(
                  m.key().substring(base.length()), m.versionId(), m.lastModified(), 0, true));
        }
      }
      return entries;
    } catch (SdkException e) {
      throw failures.translate("versioned listing of '" + prefix + "'", e);
    }
  }

  InputStream openVersion(String key, String versionId) throws IOException {
    try {
      return new S3ObjectStream(
          client.getObject(
              r -> r.bucket(settings.bucket()).key(fullKey(key)).versionId(versionId)));
    } catch (SdkException e) {
      throw failures.onObject("read of", key, e);
    }
  }

  java.util.Optional<java.time.Instant> lockedUntilOfVersion(String key, String versionId)
      throws IOException {
    try {
      return java.util.Optional.ofNullable(
          client
              .headObject(r -> r.bucket(settings.bucket()).key(fullKey(key)).versionId(versionId))
              .objectLockRetainUntilDate());
    } catch (SdkException e) {
      throw failures.onObject("stat of", key, e);
    }
  }

  /**
   * This repository as it was at {@code asOf} (a versioned bucket): read-only, ignoring every
   * version and delete marker written later.
   */
  public Repository asOf(java.time.Instant asOf) {
    return new S3RepositoryAsOf(this, asOf);
  }

  @Override
  public java.util.Optional<java.time.Instant> lockedUntil(String key) throws IOException {
    ObjectKeys.requireValid(key);
    try {
      HeadObjectResponse head =
          client.headObject(r -> r.bucket(settings.bucket()).key(fullKey(key)));
      return java.util.Optional.ofNullable(head.objectLockRetainUntilDate());
    } catch (SdkException e) {
      throw failures.onObject("stat of", key, e);
    }
  }

  /**
   * Whether the bucket can hold what {@link S3Settings#objectLock()} asks: Object Lock enabled
   * (which S3 allows only with versioning on). Empty when it can, or when no lock is asked.
   */
  @Override
  public java.util.Optional<String> objectLockProblem() throws IOException {
    if (settings.objectLock() == null) {
      return java.util.Optional.empty();
    }
    try {
      var config = client.getObjectLockConfiguration(r -> r.bucket(settings.bucket()));
      if (config.objectLockConfiguration() == null
          || config.objectLockConfiguration().objectLockEnabled()
              != software.amazon.awssdk.services.s3.model.ObjectLockEnabled.ENABLED) {
        return java.util.Optional.of(noLock());
      }
      var versioning = client.getBucketVersioning(r -> r.bucket(settings.bucket()));
      if (versioning.status()
          != software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED) {
        return java.util.Optional.of(
            "bucket '" + settings.bucket() + "' has Object Lock but versioning is not Enabled");
      }
      return java.util.Optional.empty();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      // S3 answers 404 ObjectLockConfigurationNotFoundError for a bucket created without a lock.
      if (e.statusCode() == 404
          && e.awsErrorDetails() != null
          && "ObjectLockConfigurationNotFoundError".equals(e.awsErrorDetails().errorCode())) {
        return java.util.Optional.of(noLock());
      }
      throw failures.translate("object lock check", e);
    } catch (SdkException e) {
      throw failures.translate("object lock check", e);
    }
  }

  private String noLock() {
    return "bucket '"
        + settings.bucket()
        + "' does not have Object Lock enabled; it can only be enabled when the bucket is"
        + " created (aws s3api create-bucket --object-lock-enabled-for-bucket)";
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void close() {
    client.close();
  }

  void put(String key, byte[] content, int length) throws IOException {
    try {
      client.putObject(
          r -> {
            r.bucket(settings.bucket())
                .key(fullKey(key))
                .contentLength((long) length)
                .storageClass(settings.storageClass());
            lock(key, r::objectLockMode, r::objectLockRetainUntilDate);
          },
          RequestBody.fromContentProvider(
              () -> new ByteArrayInputStream(content, 0, length),
              length,
              "application/octet-stream"));
    } catch (SdkException e) {
      throw uploadFailure("upload of", key, e);
    }
  }

  /**
   * A PUT to a bucket that does not exist can end as a broken connection instead of the server's
   * NoSuchBucket answer (the server replies before it has read the body and closes). When the
   * upload failed without any answer from the server, ask once whether the bucket is there, so the
   * cause the user sees is the missing bucket, not a broken pipe.
   */
  private IOException uploadFailure(String operation, String key, SdkException e) {
    IOException failure = failures.onObject(operation, key, e);
    if (!(failure instanceof RepositoryException translated)
        || translated.reason() != RepositoryException.Reason.FAILED
        || e instanceof software.amazon.awssdk.services.s3.model.S3Exception) {
      return failure;
    }
    try {
      client.headBucket(r -> r.bucket(settings.bucket()));
      return failure;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException missing) {
      return failures.translate(operation + " '" + key + "'", missing);
    } catch (SdkException unknown) {
      return failure; // the original failure is the better report
    }
  }

  String startMultipart(String key) throws IOException {
    try {
      return client
          .createMultipartUpload(
              r -> {
                r.bucket(settings.bucket())
                    .key(fullKey(key))
                    .storageClass(settings.storageClass())
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32);
                lock(key, r::objectLockMode, r::objectLockRetainUntilDate);
              })
          .uploadId();
    } catch (SdkException e) {
      throw failures.onObject("upload of", key, e);
    }
  }

  UploadPartResponse uploadPart(
      String key, String uploadId, int partNumber, int length, RequestBody body)
      throws IOException {
    try {
      return client.uploadPart(
          r ->
              r.bucket(settings.bucket())
                  .key(fullKey(key))
                  .uploadId(uploadId)
                  .partNumber(partNumber)
                  .contentLength((long) length)
                  .checksumAlgorithm(ChecksumAlgorithm.CRC32),
          body);
    } catch (SdkException e) {
      throw uploadFailure("upload of part " + partNumber + " of", key, e);
    }
  }

  void completeMultipart(String key, String uploadId, List<CompletedPart> parts)
      throws IOException {
    try {
      client.completeMultipartUpload(
          r ->
              r.bucket(settings.bucket())
                  .key(fullKey(key))
                  .uploadId(uploadId)
                  .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    } catch (SdkException e) {
      throw failures.onObject("completion of upload", key, e);
    }
  }

  void abortMultipart(String key, String uploadId) throws IOException {
    try {
      client.abortMultipartUpload(
          r -> r.bucket(settings.bucket()).key(fullKey(key)).uploadId(uploadId));
    } catch (SdkException e) {
      throw failures.onObject("abort of upload", key, e);
    }
  }

  /** Sets the lock headers of a write when the repository locks this key. */
  private void lock(
      String key,
      java.util.function.Consumer<software.amazon.awssdk.services.s3.model.ObjectLockMode> mode,
      java.util.function.Consumer<java.time.Instant> until) {
    ObjectLock lock = settings.objectLock();
    if (lock == null || !ObjectLock.appliesTo(key)) {
      return;
    }
    mode.accept(
        software.amazon.awssdk.services.s3.model.ObjectLockMode.fromValue(lock.mode().name()));
    until.accept(lock.retainUntil(java.time.Instant.now()));
  }

  private String keyPrefix() {
    return settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
  }

  private String fullKey(String key) {
    return keyPrefix() + key;
  }
}
