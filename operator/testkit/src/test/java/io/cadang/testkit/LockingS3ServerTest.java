package io.cadang.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Object Lock and accounts on the real versitygw: a lock the server accepts must also hold, and the
 * write-only account must be refused every way of removing data.
 */
class LockingS3ServerTest {
  private static final Duration LOCK = Duration.ofSeconds(4);
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static LockingS3Server server;
  private static S3Client root;

  @BeforeAll
  static void startServer() {
    long start = System.nanoTime();
    server = LockingS3Server.start();
    System.out.printf(
        "versitygw answered on %s after %d ms%n",
        server.endpoint(), (System.nanoTime() - start) / 1_000_000);
    root = server.rootClient();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void governanceRetentionRefusesTheVersionDeleteUntilTheDateThenAllowsIt() throws Exception {
    String bucket = lockedBucket();
    Instant until = Instant.now().plus(LOCK);
    String version = putLocked(root, bucket, "base.backup", ObjectLockMode.GOVERNANCE, until);

    assertRetention(bucket, "base.backup", version, ObjectLockRetentionMode.GOVERNANCE, until);
    assertDeleteRefusedAndVersionKept(root, bucket, "base.backup", version, false);

    Instant deleted = deleteOnceAllowed(bucket, "base.backup", version, until);
    assertFalse(
        deleted.isBefore(until.minusSeconds(1)),
        "the delete succeeded at " + deleted + ", before the retain-until date " + until);
    assertFalse(versionIds(bucket, "base.backup").contains(version), "version still listed");
  }

  @Test
  void complianceRetentionRefusesTheDeleteEvenWithTheBypassHeader() throws Exception {
    String bucket = lockedBucket();
    Instant until = Instant.now().plus(LOCK);
    String version = putLocked(root, bucket, "wal/0001", ObjectLockMode.COMPLIANCE, until);

    assertRetention(bucket, "wal/0001", version, ObjectLockRetentionMode.COMPLIANCE, until);
    assertDeleteRefusedAndVersionKept(root, bucket, "wal/0001", version, true);
    assertAccessDenied(
        () ->
            root.putObjectRetention(
                b ->
                    b.bucket(bucket)
                        .key("wal/0001")
                        .versionId(version)
                        .bypassGovernanceRetention(true)
                        .retention(
                            r ->
                                r.mode(ObjectLockRetentionMode.COMPLIANCE)
                                    .retainUntilDate(until.minusSeconds(2)))),
        "shortening a COMPLIANCE retention");
    assertRetention(bucket, "wal/0001", version, ObjectLockRetentionMode.COMPLIANCE, until);
    assertDeleteRefusedAndVersionKept(root, bucket, "wal/0001", version, true);

    deleteOnceAllowed(bucket, "wal/0001", version, until);
  }

  @Test
  void aDeleteWithoutVersionIdInALockedBucketOnlyAddsADeleteMarker() {
    String bucket = lockedBucket();
    Instant until = Instant.now().plus(Duration.ofMinutes(5));
    String version = putLocked(root, bucket, "manifest.json", ObjectLockMode.GOVERNANCE, until);

    DeleteObjectResponse marker = root.deleteObject(b -> b.bucket(bucket).key("manifest.json"));

    assertEquals(Boolean.TRUE, marker.deleteMarker(), "a delete marker, not a deletion");
    List<String> listed =
        root.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    assertFalse(listed.contains("manifest.json"), "ListObjectsV2 still shows the key: " + listed);
    assertEquals(List.of(version), versionIds(bucket, "manifest.json"));
    assertTrue(
        root.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers().stream()
            .anyMatch(m -> m.key().equals("manifest.json")),
        "no delete marker listed");
    assertArrayEquals(
        body("manifest.json"),
        root.getObjectAsBytes(b -> b.bucket(bucket).key("manifest.json").versionId(version))
            .asByteArray());
  }

  @Test
  void theWriteOnlyUserWritesReadsAndListsButCannotRemoveOrUnprotect() {
    String bucket = lockedBucket();
    LockingS3Server.Credentials credentials = server.createWriteOnlyUser(bucket);
    S3Client user = server.client(credentials);

    String plain =
        user.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromBytes(body("a")))
            .versionId();
    Instant until = Instant.now().plus(Duration.ofMinutes(5));
    String locked = putLocked(user, bucket, "locked", ObjectLockMode.GOVERNANCE, until);
    String multipart = multipartUpload(user, bucket, "big");

    assertArrayEquals(
        body("a"), user.getObjectAsBytes(b -> b.bucket(bucket).key("a")).asByteArray());
    assertEquals(
        (long) body("a").length, user.headObject(b -> b.bucket(bucket).key("a")).contentLength());
    assertEquals(
        List.of("a", "big", "locked"),
        user.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList());

    assertAccessDenied(() -> user.deleteObject(b -> b.bucket(bucket).key("a")), "DeleteObject");
    assertAccessDenied(
        () -> user.deleteObject(b -> b.bucket(bucket).key("a").versionId(plain)),
        "DeleteObject with versionId");
    assertAccessDenied(
        () -> user.deleteObject(b -> b.bucket(bucket).key("big").versionId(multipart)),
        "DeleteObject with versionId of a multipart object");
    assertDeleteRefusedAndVersionKept(user, bucket, "locked", locked, true);
    DeleteObjectsResponse batch =
        user.deleteObjects(
            b ->
                b.bucket(bucket)
                    .delete(
                        d ->
                            d.objects(
                                ObjectIdentifier.builder().key("a").build(),
                                ObjectIdentifier.builder().key("a").versionId(plain).build())));
    assertTrue(batch.deleted().isEmpty(), "DeleteObjects deleted " + batch.deleted());
    assertEquals(2, batch.errors().size(), batch.errors().toString());
    batch.errors().forEach(e -> assertEquals("AccessDenied", e.code(), e.toString()));
    assertAccessDenied(
        () ->
            user.putBucketPolicy(
                b ->
                    b.bucket(bucket)
                        .policy(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":"
                                + "\"arn:aws:s3:::"
                                + bucket
                                + "/*\"}]}")),
        "PutBucketPolicy");
    assertAccessDenied(() -> user.deleteBucketPolicy(b -> b.bucket(bucket)), "DeleteBucketPolicy");
    assertAccessDenied(
        () ->
            user.putObjectRetention(
                b ->
                    b.bucket(bucket)
                        .key("locked")
                        .versionId(locked)
                        .bypassGovernanceRetention(true)
                        .retention(
                            r ->
                                r.mode(ObjectLockRetentionMode.GOVERNANCE)
                                    .retainUntilDate(Instant.now().plusSeconds(30)))),
        "shortening a GOVERNANCE retention with the bypass header");
    assertAccessDenied(
        () ->
            user.putObjectRetention(
                b ->
                    b.bucket(bucket)
                        .key("locked")
                        .versionId(locked)
                        .retention(
                            r ->
                                r.mode(ObjectLockRetentionMode.GOVERNANCE)
                                    .retainUntilDate(Instant.now().plusSeconds(30)))),
        "shortening a GOVERNANCE retention");
    assertAccessDenied(
        () ->
            user.putObjectLegalHold(
                b ->
                    b.bucket(bucket)
                        .key("locked")
                        .versionId(locked)
                        .legalHold(h -> h.status("OFF"))),
        "PutObjectLegalHold");
    assertAccessDenied(
        () ->
            user.putBucketVersioning(
                b ->
                    b.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))),
        "PutBucketVersioning");
    assertAccessDenied(() -> user.deleteBucket(b -> b.bucket(bucket)), "DeleteBucket");
    assertRetention(bucket, "locked", locked, ObjectLockRetentionMode.GOVERNANCE, until);

    // An upload over a locked key adds a version; the locked one stays as it was.
    PutObjectResponse over =
        user.putObject(b -> b.bucket(bucket).key("locked"), RequestBody.fromString("overwritten"));
    assertFalse(locked.equals(over.versionId()), "the overwrite reused the locked version id");
    assertArrayEquals(
        body("locked"),
        root.getObjectAsBytes(b -> b.bucket(bucket).key("locked").versionId(locked)).asByteArray());

    assertEquals(List.of(plain), versionIds(bucket, "a"));
    assertTrue(
        root.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers().isEmpty(),
        "a refused delete left a delete marker");

    String other = lockedBucket();
    assertAccessDenied(
        () -> user.putObject(b -> b.bucket(other).key("x"), RequestBody.fromString("x")),
        "PutObject into a bucket the user was not granted");
  }

  @Test
  void onlyLockedBucketsHaveAnObjectLockConfiguration() {
    String plain = "plain-" + BUCKETS.incrementAndGet();
    server.createBucket(plain);
    String locked = lockedBucket();

    S3Exception none =
        assertThrows(
            S3Exception.class,
            () -> root.getObjectLockConfiguration(b -> b.bucket(plain)),
            "a plain bucket has an Object Lock configuration");
    assertEquals(404, none.statusCode(), none.getMessage());
    assertEquals(
        ObjectLockEnabled.ENABLED,
        root.getObjectLockConfiguration(b -> b.bucket(locked))
            .objectLockConfiguration()
            .objectLockEnabled());
    assertEquals(
        BucketVersioningStatus.ENABLED,
        root.getBucketVersioning(b -> b.bucket(locked)).status(),
        "Object Lock without versioning");
    assertEquals(null, root.getBucketVersioning(b -> b.bucket(plain)).status());
  }

  private static String lockedBucket() {
    String bucket = "locked-" + BUCKETS.incrementAndGet();
    server.createLockedBucket(bucket);
    return bucket;
  }

  private static byte[] body(String key) {
    return ("backup bytes of " + key).getBytes(StandardCharsets.UTF_8);
  }

  private static String putLocked(
      S3Client client, String bucket, String key, ObjectLockMode mode, Instant until) {
    String version =
        client
            .putObject(
                b ->
                    b.bucket(bucket).key(key).objectLockMode(mode).objectLockRetainUntilDate(until),
                RequestBody.fromBytes(body(key)))
            .versionId();
    assertNotNull(version, "a locked bucket returned no version id");
    return version;
  }

  private static String multipartUpload(S3Client client, String bucket, String key) {
    String upload = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    byte[] first = new byte[5 * 1024 * 1024];
    String etag1 =
        client
            .uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(1),
                RequestBody.fromBytes(first))
            .eTag();
    String etag2 =
        client
            .uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(2),
                RequestBody.fromString("tail"))
            .eTag();
    assertEquals(
        2, client.listParts(b -> b.bucket(bucket).key(key).uploadId(upload)).parts().size());
    String version =
        client
            .completeMultipartUpload(
                b ->
                    b.bucket(bucket)
                        .key(key)
                        .uploadId(upload)
                        .multipartUpload(
                            m ->
                                m.parts(
                                    CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                                    CompletedPart.builder().partNumber(2).eTag(etag2).build())))
            .versionId();
    assertEquals(
        first.length + 4L, client.headObject(b -> b.bucket(bucket).key(key)).contentLength());
    return version;
  }

  private static void assertRetention(
      String bucket, String key, String version, ObjectLockRetentionMode mode, Instant until) {
    ObjectLockRetention retention =
        root.getObjectRetention(b -> b.bucket(bucket).key(key).versionId(version)).retention();
    assertEquals(mode, retention.mode(), "retention mode of " + key);
    long drift = Math.abs(Duration.between(until, retention.retainUntilDate()).toMillis());
    assertTrue(
        drift < 1_000, "retain-until " + retention.retainUntilDate() + ", asked for " + until);
  }

  /**
   * The delete must be refused with 403 AccessDenied and the version must still be there: a server
   * that answers a lock and deletes anyway fails here.
   */
  private static void assertDeleteRefusedAndVersionKept(
      S3Client client, String bucket, String key, String version, boolean bypass) {
    DeleteObjectResponse accepted;
    try {
      accepted =
          client.deleteObject(
              b ->
                  b.bucket(bucket)
                      .key(key)
                      .versionId(version)
                      .bypassGovernanceRetention(bypass ? Boolean.TRUE : null));
    } catch (S3Exception e) {
      assertEquals(403, e.statusCode(), e.getMessage());
      assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), e.getMessage());
      assertTrue(
          versionIds(bucket, key).contains(version),
          "versitygw refused the delete of locked version "
              + version
              + " of "
              + key
              + " but the version is gone anyway");
      return;
    }
    fail(
        "versitygw accepted the lock on "
            + key
            + " version "
            + version
            + " but let DeleteObject(versionId"
            + (bypass ? ", bypassGovernanceRetention" : "")
            + ") through ("
            + accepted.sdkHttpResponse().statusCode()
            + "); version still listed: "
            + versionIds(bucket, key).contains(version));
  }

  /** Retries the delete of {@code version} until it succeeds; returns when it did. */
  private static Instant deleteOnceAllowed(String bucket, String key, String version, Instant until)
      throws InterruptedException {
    Instant deadline = until.plusSeconds(10);
    S3Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        root.deleteObject(b -> b.bucket(bucket).key(key).versionId(version));
        return Instant.now();
      } catch (S3Exception e) {
        last = e;
        Thread.sleep(
            Math.max(50, Math.min(500, Duration.between(Instant.now(), until).toMillis())));
      }
    }
    throw new AssertionError(
        "the delete of " + key + " is still refused 10 s after its retain-until date", last);
  }

  private static List<String> versionIds(String bucket, String key) {
    return root.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions().stream()
        .filter(v -> v.key().equals(key))
        .map(ObjectVersion::versionId)
        .toList();
  }

  private static void assertAccessDenied(Executable call, String what) {
    S3Exception e = assertThrows(S3Exception.class, call, what + " was allowed");
    assertEquals(403, e.statusCode(), what + ": " + e.getMessage());
    assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), what + ": " + e.getMessage());
  }
}
