package io.cadang.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server (s3proxy) running in this JVM on 127.0.0.1 and a free port, storing objects in a
 * temporary directory. Objects live on disk rather than in the heap so that tests can upload
 * hundreds of megabytes while measuring the client's memory use.
 */
public final class S3TestServer implements AutoCloseable {
  private static final String ACCESS_KEY = "cadang-test-access-key";
  private static final String SECRET_KEY = "cadang-test-secret-key-7f3a9c";

  private final Path dataDir;
  private final BlobStore blobStore;
  private final S3Proxy proxy;
  private final URI endpoint;

  private S3TestServer(Path dataDir, BlobStore blobStore, S3Proxy proxy) {
    this.dataDir = dataDir;
    this.blobStore = blobStore;
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts a server with an empty store; close it to stop the server and delete the data. */
  public static S3TestServer start() {
    Path dataDir = null;
    try {
      dataDir = Files.createTempDirectory("cadang-s3-");
      BlobStore store = new FilesystemNio2BlobStore(dataDir.toString());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(store)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              // The AWS SDK's multipart upload sends headers s3proxy otherwise rejects.
              .ignoreUnknownHeaders(true)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!proxy.getState().equals("STARTED")) {
        if (System.nanoTime() > deadline) {
          proxy.stop();
          throw new IllegalStateException("s3proxy did not start within 30 s");
        }
        Thread.sleep(10);
      }
      return new S3TestServer(dataDir, store, proxy);
    } catch (Exception e) {
      if (dataDir != null) {
        deleteRecursively(dataDir);
      }
      throw new IllegalStateException("cannot start s3proxy: " + e.getMessage(), e);
    }
  }

  /** Plain-HTTP endpoint such as {@code http://127.0.0.1:41234}; use path-style addressing. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return proxy.getPort();
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  public String region() {
    return "us-east-1";
  }

  public void createBucket(String name) {
    blobStore.createContainer(name);
  }

  /** Keys under {@code prefix} in {@code bucket}, read from the store itself (not through S3). */
  public java.util.List<String> keys(String bucket, String prefix) {
    java.util.List<String> keys = new java.util.ArrayList<>();
    String token = null;
    do {
      software.amazon.awssdk.services.s3.model.ListObjectsV2Response page =
          blobStore.list(
              software.amazon.awssdk.services.s3.model.ListObjectsV2Request.builder()
                  .bucket(bucket)
                  .prefix(prefix)
                  .continuationToken(token)
                  .build());
      page.contents().forEach(o -> keys.add(o.key()));
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return keys;
  }

  /** The bytes of one stored object, read from the store itself. */
  public byte[] read(String bucket, String key) {
    try (java.io.InputStream in = blobStore.getBlob(bucket, key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop s3proxy: " + e.getMessage(), e);
    } finally {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(S3TestServer::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temp file must not fail the test that owns this server.
    }
  }
}
