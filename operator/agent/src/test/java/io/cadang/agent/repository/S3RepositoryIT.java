package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cadang.testkit.FaultInjectingHttpProxy;
import io.cadang.testkit.FaultInjectingHttpProxy.RecordedRequest;
import io.cadang.testkit.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/** S3Repository against a real S3 server (s3proxy). */
class S3RepositoryIT {
  private static final int PART = S3Settings.MIN_PART_SIZE;
  private static S3TestServer server;
  private static S3Client raw;
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
  void freshBucket() {
    bucket = S3Fixture.freshBucket(server);
  }

  private S3Repository repository() {
    return new S3Repository(S3Fixture.settings(server, bucket));
  }

  private static String upload(Repository repository, String key, long size) throws IOException {
    try (ObjectUpload upload = repository.create(key)) {
      String sha = TestData.writeRandom(upload, size, size);
      assertEquals(size, upload.commit());
      return sha;
    }
  }

  private static String sha256(Repository repository, String key) throws IOException {
    try (InputStream in = repository.open(key)) {
      return TestData.sha256Of(in);
    }
  }

  @Test
  void smallObjectRoundTrip() throws IOException {
    try (S3Repository repository = repository()) {
      repository.put("manifests/run-1.json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));

      try (InputStream in = repository.open("manifests/run-1.json")) {
        assertArrayEquals("{\"ok\":true}".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
      }
      assertEquals(
          new ObjectInfo("manifests/run-1.json", 11), repository.stat("manifests/run-1.json"));
      // The prefix is applied on the server side, invisible to callers.
      raw.headObject(r -> r.bucket(bucket).key("backups/cluster-a/manifests/run-1.json"));
    }
  }

  @Test
  void fortyMegabytesGoAsMultipartAndReadBackIdentical() throws IOException {
    try (FaultInjectingHttpProxy proxy = FaultInjectingHttpProxy.start(server.endpoint());
        S3Repository repository =
            new S3Repository(S3Fixture.settings(server, proxy.endpoint(), bucket))) {
      long size = 40L * 1000 * 1000;

      String written = upload(repository, "base/data.zst.enc", size);

      assertEquals(written, sha256(repository, "base/data.zst.enc"));
      assertEquals(size, repository.stat("base/data.zst.enc").size());
      long parts =
          proxy.requests().stream().filter(r -> r.target().contains("partNumber=")).count();
      assertEquals((size + PART - 1) / PART, parts);
    }
  }

  /** Sizes around the part boundary, where an unknown-length stream is easiest to get wrong. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, PART - 1, PART, PART + 1, 2L * PART, 2L * PART + 3})
  void unknownLengthStreamsOfAnySizeRoundTrip(long size) throws IOException {
    try (S3Repository repository = repository()) {
      String written = upload(repository, "edge/" + size, size);
      assertEquals(written, sha256(repository, "edge/" + size));
      assertEquals(size, repository.stat("edge/" + size).size());
    }
  }

  @Test
  void storageClassIsSentOnEveryWrite() throws IOException {
    try (FaultInjectingHttpProxy proxy = FaultInjectingHttpProxy.start(server.endpoint());
        S3Repository repository =
            new S3Repository(
                S3Fixture.settings(server, proxy.endpoint(), bucket)
                    .withStorageClass("STANDARD_IA"))) {
      repository.put("small", new byte[10]);
      upload(repository, "large", 2L * PART + 1);

      List<RecordedRequest> creates = new ArrayList<>();
      for (RecordedRequest r : proxy.requests()) {
        boolean putObject = r.method().equals("PUT") && !r.target().contains("partNumber=");
        boolean startMultipart = r.method().equals("POST") && r.target().contains("uploads");
        if (putObject || startMultipart) {
          creates.add(r);
        }
      }
      assertEquals(2, creates.size(), creates.toString());
      for (RecordedRequest r : creates) {
        assertEquals("STANDARD_IA", r.header("x-amz-storage-class"), r.toString());
      }
    }
  }

  @Test
  void listPagesThroughAllKeysUnderThePrefixSorted() throws IOException {
    try (FaultInjectingHttpProxy proxy = FaultInjectingHttpProxy.start(server.endpoint());
        S3Repository repository =
            new S3Repository(S3Fixture.settings(server, proxy.endpoint(), bucket), 7)) {
      List<String> expected = new ArrayList<>();
      for (int i = 29; i >= 0; i--) {
        String key = "runs/" + String.format("%03d", i) + "/manifest.json";
        repository.put(key, new byte[] {1});
        expected.add(key);
      }
      repository.put("wal/000000010000000000000001", new byte[] {1});
      expected.sort(null);

      assertEquals(expected, repository.list("runs/"));
      long listRequests =
          proxy.requests().stream().filter(r -> r.target().contains("list-type=2")).count();
      assertEquals(5, listRequests, "30 keys in pages of 7");
      assertEquals(31, repository.list("").size());
    }
  }

  @Test
  void deleteOfAMissingKeyIsFine() throws IOException {
    try (S3Repository repository = repository()) {
      repository.delete("never/written");
      repository.put("k", new byte[] {1});
      repository.delete("k");
      assertThrows(ObjectNotFoundException.class, () -> repository.stat("k"));
    }
  }

  @Test
  void missingObjectNamesKeyBucketAndPrefix() {
    try (S3Repository repository = repository()) {
      ObjectNotFoundException open =
          assertThrows(ObjectNotFoundException.class, () -> repository.open("nope"));
      ObjectNotFoundException stat =
          assertThrows(ObjectNotFoundException.class, () -> repository.stat("nope"));
      String expected = "object 'nope' not found in s3://" + bucket + "/backups/cluster-a";
      assertEquals(expected + " at " + server.endpoint(), open.getMessage());
      assertEquals(open.getMessage(), stat.getMessage());
    }
  }

  @Test
  void closingAReadEarlyDoesNotDrainTheObject() throws IOException {
    try (S3Repository repository = repository()) {
      String written = upload(repository, "big", 3L * PART);
      try (InputStream in = repository.open("big")) {
        assertEquals(16, in.readNBytes(16).length);
      }
      // The client stays usable after the aborted read.
      assertEquals(written, sha256(repository, "big"));
    }
  }

  @Test
  void invalidKeysAreRejectedBeforeAnyRequest() {
    try (S3Repository repository = repository()) {
      assertThrows(IllegalArgumentException.class, () -> repository.create("../x"));
      assertThrows(IllegalArgumentException.class, () -> repository.put("/abs", new byte[0]));
    }
  }
}
