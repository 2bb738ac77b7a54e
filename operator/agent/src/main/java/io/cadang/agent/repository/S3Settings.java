package io.cadang.agent.repository;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Where and how to reach an S3-compatible bucket.
 *
 * @param bucket bucket name
 * @param prefix key prefix inside the bucket, without leading or trailing '/' ("" for none)
 * @param endpoint custom endpoint (MinIO, Ceph, s3proxy), or null for AWS
 * @param region signing region
 * @param pathStyle address the bucket as {@code endpoint/bucket} instead of {@code bucket.endpoint}
 * @param storageClass storage class for every object written (e.g. STANDARD_IA), or null for the
 *     bucket's default
 * @param accessKeyId static access key id, or null for the default credential chain
 * @param secretAccessKey static secret, or null for the default credential chain
 * @param partSizeBytes multipart part size, which is also the in-memory buffer size
 * @param maxInFlightParts parts uploaded concurrently; memory ≤ (maxInFlightParts + 1) × part size
 * @param objectLock S3 Object Lock for every object written (the bucket must have it enabled), or
 *     null for none
 */
public record S3Settings(
    String bucket,
    String prefix,
    URI endpoint,
    String region,
    boolean pathStyle,
    String storageClass,
    String accessKeyId,
    String secretAccessKey,
    int partSizeBytes,
    int maxInFlightParts,
    ObjectLock objectLock) {

  public static final int MIB = 1024 * 1024;
  public static final int DEFAULT_PART_SIZE = 16 * MIB;

  /** S3's minimum for every part but the last. */
  public static final int MIN_PART_SIZE = 5 * MIB;

  /** Keeps a typo in a config from allocating gigabytes per upload. */
  public static final int MAX_PART_SIZE = 1024 * MIB;

  public static final int DEFAULT_MAX_IN_FLIGHT_PARTS = 2;

  public S3Settings {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(region, "region");
    prefix = prefix == null ? "" : trimSlashes(prefix);
    if (partSizeBytes < MIN_PART_SIZE || partSizeBytes > MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "part size must be between 5 MiB and 1024 MiB, got " + partSizeBytes + " bytes");
    }
    if (maxInFlightParts < 1) {
      throw new IllegalArgumentException("maxInFlightParts must be at least 1");
    }
    if (storageClass != null
        && StorageClass.fromValue(storageClass) == StorageClass.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("unknown storage class '" + storageClass + "'");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "access key id and secret access key must be given together");
    }
  }

  /** Settings for a bucket with defaults: AWS endpoint, no prefix, default credential chain. */
  public static S3Settings of(String bucket, String region) {
    return new S3Settings(
        bucket,
        "",
        null,
        region,
        false,
        null,
        null,
        null,
        DEFAULT_PART_SIZE,
        DEFAULT_MAX_IN_FLIGHT_PARTS,
        null);
  }

  public S3Settings withPrefix(String newPrefix) {
    return new S3Settings(
        bucket,
        newPrefix,
        endpoint,
        region,
        pathStyle,
        storageClass,
        accessKeyId,
        secretAccessKey,
        partSizeBytes,
        maxInFlightParts,
        objectLock);
  }

  public S3Settings withEndpoint(URI newEndpoint, boolean newPathStyle) {
    return new S3Settings(
        bucket,
        prefix,
        newEndpoint,
        region,
        newPathStyle,
        storageClass,
        accessKeyId,
        secretAccessKey,
        partSizeBytes,
        maxInFlightParts,
        objectLock);
  }

  public S3Settings withStorageClass(String newStorageClass) {
    return new S3Settings(
        bucket,
        prefix,
        endpoint,
        region,
        pathStyle,
        newStorageClass,
        accessKeyId,
        secretAccessKey,
        partSizeBytes,
        maxInFlightParts,
        objectLock);
  }

  public S3Settings withCredentials(String newAccessKeyId, String newSecretAccessKey) {
    return new S3Settings(
        bucket,
        prefix,
        endpoint,
        region,
        pathStyle,
        storageClass,
        newAccessKeyId,
        newSecretAccessKey,
        partSizeBytes,
        maxInFlightParts,
        objectLock);
  }

  public S3Settings withParts(int newPartSizeBytes, int newMaxInFlightParts) {
    return new S3Settings(
        bucket,
        prefix,
        endpoint,
        region,
        pathStyle,
        storageClass,
        accessKeyId,
        secretAccessKey,
        newPartSizeBytes,
        newMaxInFlightParts,
        objectLock);
  }

  public S3Settings withObjectLock(ObjectLock newObjectLock) {
    return new S3Settings(
        bucket,
        prefix,
        endpoint,
        region,
        pathStyle,
        storageClass,
        accessKeyId,
        secretAccessKey,
        partSizeBytes,
        maxInFlightParts,
        newObjectLock);
  }

  /** {@code s3://bucket/prefix}, plus the endpoint when it is not AWS. */
  public String describe() {
    String location = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    return endpoint == null ? location : location + " at " + endpoint;
  }

  /** Never prints the secret: settings end up in logs and exception messages. */
  @Override
  public String toString() {
    return "S3Settings["
        + describe()
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", storageClass="
        + storageClass
        + ", credentials="
        + (accessKeyId == null ? "default chain" : "static")
        + ", partSizeBytes="
        + partSizeBytes
        + ", maxInFlightParts="
        + maxInFlightParts
        + ", objectLock="
        + objectLock
        + "]";
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
