package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.repository.RepositoryException.Reason;
import io.cadang.testkit.FaultInjectingHttpProxy;
import io.cadang.testkit.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** How S3Repository fails, retries and cleans up, against s3proxy behind a fault injector. */
class S3RepositoryFailuresIT {
  private static final int PART = S3Settings.MIN_PART_SIZE;
  private static S3TestServer server;
  private static S3Client raw;
  private FaultInjectingHttpProxy proxy;
  private String bucket;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
    raw = S3Fixture.rawClient(server);
  }

  @AfterAll
  static void stopServer() {
    raw.close();
    server.close();
  }

  @BeforeEach
  void freshBucketBehindProxy() {
    bucket = S3Fixture.freshBucket(server);
    proxy = FaultInjectingHttpProxy.start(server.endpoint());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private S3Repository throughProxy() {
    return new S3Repository(S3Fixture.settings(server, proxy.endpoint(), bucket));
  }

  private static void assertNoSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(
          String.valueOf(t.getMessage()).contains(server.secretKey()), "secret leaked: " + t);
    }
    assertFalse(e.getMessage().contains("\n"), "message is one line: " + e.getMessage());
  }

  private void assertNothingLeftBehind(S3Repository repository, String key) {
    assertThrows(ObjectNotFoundException.class, () -> repository.stat(key));
    assertEquals(
        0,
        raw.listMultipartUploads(r -> r.bucket(bucket)).uploads().size(),
        "pending multipart uploads");
  }

  @Test
  void missingBucketIsBucketNotFound() {
    S3Settings settings = S3Fixture.settings(server, "no-such-bucket");
    try (S3Repository repository = new S3Repository(settings)) {
      RepositoryException list = assertThrows(RepositoryException.class, () -> repository.list(""));
      RepositoryException put =
          assertThrows(RepositoryException.class, () -> repository.put("k", new byte[1]));

      assertEquals(Reason.BUCKET_NOT_FOUND, list.reason());
      assertEquals(Reason.BUCKET_NOT_FOUND, put.reason());
      assertEquals(
          "bucket 'no-such-bucket' does not exist at " + server.endpoint(), list.getMessage());
      assertNoSecret(list);
    }
  }

  @Test
  void wrongSecretIsAccessDenied() {
    S3Settings settings =
        S3Fixture.settings(server, bucket).withCredentials(server.accessKey(), "wrong-secret-9z");
    try (S3Repository repository = new S3Repository(settings)) {
      RepositoryException e =
          assertThrows(RepositoryException.class, () -> repository.put("k", new byte[1]));

      assertEquals(Reason.ACCESS_DENIED, e.reason());
      assertTrue(e.getMessage().contains("'" + bucket + "'"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-secret-9z"), e.getMessage());
      assertNoSecret(e);
    }
  }

  @Test
  void closedPortIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + port);
    try (S3Repository repository = new S3Repository(S3Fixture.settings(server, nowhere, bucket))) {
      RepositoryException e = assertThrows(RepositoryException.class, () -> repository.stat("k"));

      assertEquals(Reason.UNREACHABLE, e.reason());
      assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
      assertNoSecret(e);
    }
  }

  @Test
  void twoServiceUnavailableAnswersAreRetried() throws IOException {
    try (S3Repository repository = throughProxy()) {
      proxy.failNextRequests(2, 503);

      repository.put("k", new byte[] {1, 2, 3});

      assertEquals(3, proxy.requests().size(), "two 503s, then success");
      assertEquals(3, repository.stat("k").size());
    }
  }

  @Test
  void throttlingIsRetried() throws IOException {
    try (S3Repository repository = throughProxy()) {
      repository.put("k", new byte[] {1});
      proxy.failNextRequests(2, 429);

      assertEquals(1, repository.stat("k").size());
    }
  }

  @Test
  void persistentFailureGivesUpAfterMaxAttempts() {
    try (S3Repository repository = throughProxy()) {
      proxy.failNextRequests(100, 503);

      RepositoryException e =
          assertThrows(RepositoryException.class, () -> repository.put("k", new byte[1]));

      assertEquals(Reason.FAILED, e.reason());
      assertEquals(S3Clients.MAX_ATTEMPTS, proxy.requests().size());
      assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
      assertNoSecret(e);
    }
  }

  @Test
  void connectionLostOnceMidPartIsRetriedTransparently() throws IOException {
    try (S3Repository repository = throughProxy()) {
      proxy.dropConnections("partNumber=2", 1);
      String written;
      try (ObjectUpload upload = repository.create("big")) {
        written = TestData.writeRandom(upload, 3L * PART + 5, 7);
        upload.commit();
      }
      try (InputStream in = repository.open("big")) {
        assertEquals(written, TestData.sha256Of(in));
      }
    }
  }

  @Test
  void partThatNeverUploadsAbortsTheMultipartUpload() {
    try (S3Repository repository = throughProxy()) {
      proxy.dropConnections("partNumber=2", Integer.MAX_VALUE);

      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                try (ObjectUpload upload = repository.create("big")) {
                  TestData.writeRandom(upload, 4L * PART, 8);
                  upload.commit();
                }
              });

      assertTrue(e instanceof RepositoryException, e.toString());
      assertNoSecret(e);
      assertNothingLeftBehind(repository, "big");
    }
  }

  @Test
  void sourceFailingMidStreamLeavesNoObjectAndNoPendingUpload() {
    try (S3Repository repository = throughProxy()) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                try (ObjectUpload upload = repository.create("partial")) {
                  TestData.writeRandom(upload, 3L * PART + 1, 9);
                  throw new IOException("pg_dump exited with status 1");
                }
              });

      assertEquals("pg_dump exited with status 1", e.getMessage());
      // Deterministic evidence (not timing): a multipart upload was started, then aborted.
      assertTrue(
          proxy.requests().stream()
              .anyMatch(r -> r.method().equals("POST") && r.target().contains("?uploads")),
          "a multipart upload was started");
      assertTrue(
          proxy.requests().stream()
              .anyMatch(r -> r.method().equals("DELETE") && r.target().contains("uploadId=")),
          "the multipart upload was aborted");
      assertNothingLeftBehind(repository, "partial");
    }
  }

  @Test
  void explicitAbortIsIdempotentAndFinal() throws IOException {
    try (S3Repository repository = throughProxy()) {
      ObjectUpload upload = repository.create("aborted");
      TestData.writeRandom(upload, 2L * PART + 1, 10);
      upload.abort();
      upload.abort();

      assertThrows(IOException.class, upload::commit);
      OutputStream out = upload;
      assertThrows(IOException.class, () -> out.write(1));
      assertNothingLeftBehind(repository, "aborted");
    }
  }
}
