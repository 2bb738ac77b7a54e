package io.cadang.agent.repository;

import io.cadang.testkit.S3TestServer;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;

/** Given-helpers shared by the S3 integration tests: settings, fresh buckets, a raw client. */
final class S3Fixture {
  private static final AtomicInteger buckets = new AtomicInteger();

  private S3Fixture() {}

  static String freshBucket(S3TestServer server) {
    String bucket = "bucket-" + buckets.incrementAndGet();
    server.createBucket(bucket);
    return bucket;
  }

  static S3Settings settings(S3TestServer server, String bucket) {
    return settings(server, server.endpoint(), bucket);
  }

  /** Settings for {@code bucket} reached through {@code endpoint} (the server or a proxy). */
  static S3Settings settings(S3TestServer server, URI endpoint, String bucket) {
    return S3Settings.of(bucket, server.region())
        .withPrefix("backups/cluster-a")
        .withEndpoint(endpoint, true)
        .withCredentials(server.accessKey(), server.secretKey())
        .withParts(S3Settings.MIN_PART_SIZE, 2);
  }

  /** A client that bypasses the repository, to check what really is in the bucket. */
  static S3Client rawClient(S3TestServer server) {
    return S3Clients.build(settings(server, "unused"));
  }
}
