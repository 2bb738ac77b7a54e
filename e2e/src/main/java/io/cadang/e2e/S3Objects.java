package io.cadang.e2e;

import io.cadang.testkit.S3TestServer;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One bucket of the test S3 server through the S3 API, as anyone holding the credentials sees it:
 * listings with sizes, reads and writes (a test plants objects a cluster must find, or refuse).
 */
final class S3Objects implements AutoCloseable {
  private final S3Client s3;
  private final String bucket;

  S3Objects(S3TestServer server, String bucket) {
    this.bucket = bucket;
    this.s3 =
        S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .endpointOverride(server.endpoint())
            .region(Region.of(server.region()))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
            .build();
  }

  /** Every object under {@code prefix}, by key, with its size in bytes. */
  Map<String, Long> list(String prefix) {
    Map<String, Long> sizes = new TreeMap<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
        .contents()
        .forEach(o -> sizes.put(o.key(), o.size()));
    return sizes;
  }

  byte[] read(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  void put(String key, byte[] data) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
  }

  void copy(String from, String to) {
    s3.copyObject(
        b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
  }

  @Override
  public void close() {
    s3.close();
  }
}
