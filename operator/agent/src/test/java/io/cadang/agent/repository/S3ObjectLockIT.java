package io.cadang.agent.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.ManifestSamples;
import io.cadang.agent.wal.WalArchive;
import io.cadang.agent.wal.WalFile;
import io.cadang.testkit.LockingS3Server;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * S3 Object Lock on a server that enforces it (Versity Gateway, {@link LockingS3Server}): what the
 * agent writes is locked, the write-only identity cannot delete, the operator's identity cannot
 * delete before the date and reclaims every version after it.
 */
class S3ObjectLockIT {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static LockingS3Server server;

  @BeforeAll
  static void start() {
    server = LockingS3Server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String lockedBucket() {
    String bucket = "locked-" + BUCKETS.incrementAndGet();
    server.createLockedBucket(bucket);
    return bucket;
  }

  private static S3Settings settings(String bucket, String accessKey, String secretKey, long lock) {
    return S3Settings.of(bucket, server.region())
        .withPrefix("pg")
        .withEndpoint(server.endpoint(), true)
        .withCredentials(accessKey, secretKey)
        .withParts(S3Settings.MIN_PART_SIZE, 2)
        .withObjectLock(new ObjectLock(ObjectLock.Mode.GOVERNANCE, Duration.ofSeconds(lock)));
  }

  private static S3Repository root(String bucket, long lock) {
    return new S3Repository(settings(bucket, server.rootAccessKey(), server.rootSecretKey(), lock));
  }

  @Test
  void everyObjectWrittenCarriesItsRetainUntilDate() throws Exception {
    String bucket = lockedBucket();
    try (S3Repository repo = root(bucket, 3600)) {
      Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      repo.put("backups/b1/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
      ObjectUpload upload = repo.create("backups/b1/db/app.dump.zst.cdg");
      try (ObjectUpload out = upload) {
        out.write(new byte[S3Settings.MIN_PART_SIZE + 1000]); // two parts: a multipart upload
        out.commit();
      }
      Instant after = Instant.now();

      for (String key : List.of("backups/b1/manifest.json", "backups/b1/db/app.dump.zst.cdg")) {
        Instant until = repo.lockedUntil(key).orElseThrow(() -> new AssertionError(key));
        assertFalse(until.isBefore(before.plusSeconds(3600)), key + " locked until " + until);
        assertFalse(until.isAfter(after.plusSeconds(3602)), key + " locked until " + until);
      }
      assertEquals(java.util.Optional.empty(), repo.objectLockProblem());
    }
  }

  @Test
  void aLockedVersionCannotBeDeletedBeforeItsDateAndEveryVersionGoesAfter() throws Exception {
    String bucket = lockedBucket();
    try (S3Repository repo = root(bucket, 3)) {
      repo.put("backups/b2/manifest.json", "v1".getBytes(StandardCharsets.UTF_8));
      repo.put("backups/b2/manifest.json", "v2".getBytes(StandardCharsets.UTF_8));
      Instant until = repo.lockedUntil("backups/b2/manifest.json").orElseThrow();

      RepositoryException refused =
          assertThrows(RepositoryException.class, () -> repo.delete("backups/b2/manifest.json"));
      assertEquals(RepositoryException.Reason.ACCESS_DENIED, refused.reason());
      assertTrue(refused.getMessage().contains("backups/b2/manifest.json"), refused.getMessage());
      assertEquals(List.of("backups/b2/manifest.json"), repo.list("backups/"));

      while (!Instant.now().isAfter(until.plusMillis(500))) {
        Thread.sleep(200);
      }
      repo.delete("backups/b2/manifest.json");

      assertEquals(List.of(), repo.list("backups/"));
      assertEquals(List.of(), versions(bucket, "pg/backups/b2/"), "no version or marker left");
    }
  }

  @Test
  void theWriteOnlyIdentityWritesButCannotDeleteOrOverwriteWhatIsStored() throws Exception {
    String bucket = lockedBucket();
    LockingS3Server.Credentials agent = server.createWriteOnlyUser(bucket);
    try (S3Repository repo =
        new S3Repository(settings(bucket, agent.accessKey(), agent.secretKey(), 3600))) {
      repo.put("backups/b3/manifest.json", "original".getBytes(StandardCharsets.UTF_8));

      RepositoryException refused =
          assertThrows(RepositoryException.class, () -> repo.delete("backups/b3/manifest.json"));
      assertEquals(RepositoryException.Reason.ACCESS_DENIED, refused.reason());

      // An "overwrite" is a new version: the original stays readable by version.
      repo.put("backups/b3/manifest.json", "attacker".getBytes(StandardCharsets.UTF_8));
      List<ObjectVersion> versions = versions(bucket, "pg/backups/b3/");
      assertEquals(2, versions.size());
      S3Client root = server.rootClient();
      java.util.Set<String> contents = new java.util.HashSet<>();
      for (ObjectVersion v : versions) {
        contents.add(
            root.getObjectAsBytes(
                    r ->
                        r.bucket(bucket)
                            .key("pg/backups/b3/manifest.json")
                            .versionId(v.versionId()))
                .asUtf8String());
      }
      assertEquals(java.util.Set.of("original", "attacker"), contents);
    }
  }

  @Test
  void aWriteOnlyStreamerKeepsArchivingWhenItMayNotRemoveSupersededPartials() throws Exception {
    String bucket = lockedBucket();
    LockingS3Server.Credentials agent = server.createWriteOnlyUser(bucket);
    byte[] master = new byte[32];
    new java.security.SecureRandom().nextBytes(master);
    try (S3Repository repo =
        new S3Repository(settings(bucket, agent.accessKey(), agent.secretKey(), 3600))) {
      WalArchive archive =
          new WalArchive(repo, LocalKeyProvider.fromBytes(master), Clock.systemUTC());
      String segment = "000000010000000000000003";
      archive.upload(WalFile.partial(segment, 0x100), new byte[16 * 1024 * 1024]);
      archive.upload(WalFile.partial(segment, 0x200), new byte[16 * 1024 * 1024]);

      List<String> keys = repo.list("wal/");
      assertTrue(
          keys.contains("wal/00000001/" + segment + ".partial-00000200.json"), keys.toString());
      assertTrue(
          keys.contains("wal/00000001/" + segment + ".partial-00000100.json"),
          "the older partial stays for the operator's WAL retention: " + keys);
      // Partials are superseded within seconds: they are written unlocked.
      assertEquals(
          java.util.Optional.empty(),
          repo.lockedUntil("wal/00000001/" + segment + ".partial-00000200.json"));
    }
  }

  @Test
  void aKeyRotationUnderALockWithTheWriteOnlyIdentityWritesARecordAndNoManifestVersion()
      throws Exception {
    String bucket = lockedBucket();
    LockingS3Server.Credentials agent = server.createWriteOnlyUser(bucket);
    byte[] dataKey = io.cadang.agent.crypto.DataKeys.generate();
    LocalKeyProvider oldKey =
        LocalKeyProvider.fromBytes(io.cadang.agent.crypto.DataKeys.generate());
    LocalKeyProvider newKey =
        LocalKeyProvider.fromBytes(io.cadang.agent.crypto.DataKeys.generate());
    try (S3Repository repo =
        new S3Repository(settings(bucket, agent.accessKey(), agent.secretKey(), 3600))) {
      io.cadang.agent.manifest.BackupManifest m =
          io.cadang.agent.manifest.ManifestCodec.seal(
              ManifestSamples.logical("b-9").withWrappedKey(oldKey.wrap(dataKey)), dataKey);
      new io.cadang.agent.manifest.BackupCatalog(repo).save(m);

      new io.cadang.agent.backup.KeyRewrapper(repo, oldKey, newKey).rewrap("b-9");

      assertEquals(1, versions(bucket, "pg/backups/b-9/manifest.json").size(), "never rewritten");
      List<String> records = repo.list(io.cadang.agent.manifest.KeyRecords.prefix("b-9"));
      assertEquals(1, records.size(), records.toString());
      assertTrue(repo.lockedUntil(records.get(0)).isPresent(), "the record is locked too");
      byte[] opened =
          io.cadang.agent.manifest.KeyRecords.openDataKey(
              repo, new io.cadang.agent.manifest.BackupCatalog(repo).load("b-9"), newKey);
      assertTrue(java.util.Arrays.equals(dataKey, opened));
    }
  }

  @Test
  void aRestoreReadsTheRepositoryAsItWasBeforeAnAttackerWroteNewVersions() throws Exception {
    String bucket = lockedBucket();
    LockingS3Server.Credentials agent = server.createWriteOnlyUser(bucket);
    try (S3Repository root = root(bucket, 3600);
        S3Repository attacker =
            new S3Repository(settings(bucket, agent.accessKey(), agent.secretKey(), 3600))) {
      root.put("backups/b-5/manifest.json", "good".getBytes(StandardCharsets.UTF_8));
      root.put(
          "wal/00000001/000000010000000000000001.json", "wal".getBytes(StandardCharsets.UTF_8));
      Thread.sleep(1200);
      Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      Thread.sleep(1200);
      attacker.put("backups/b-5/manifest.json", "poisoned".getBytes(StandardCharsets.UTF_8));
      attacker.put("backups/b-6/manifest.json", "planted".getBytes(StandardCharsets.UTF_8));
      server
          .rootClient()
          .deleteObject(r -> r.bucket(bucket).key("pg/wal/00000001/000000010000000000000001.json"));

      String uri =
          "s3://"
              + bucket
              + "/pg?endpoint="
              + server.endpoint()
              + "&path-style=true&region="
              + server.region()
              + "&as-of="
              + before;
      try (Repository past =
          Repositories.open(
              uri,
              java.util.Map.of(
                  "AWS_ACCESS_KEY_ID",
                  server.rootAccessKey(),
                  "AWS_SECRET_ACCESS_KEY",
                  server.rootSecretKey()))) {
        // A backup planted after the time does not exist in the view.
        assertThrows(ObjectNotFoundException.class, () -> past.open("backups/b-6/manifest.json"));
        assertFalse(past.list("backups/").contains("backups/b-6/manifest.json"));
        // The overwritten manifest: never the attacker's content. Versity Gateway reports the time
        // a
        // version was superseded as its LastModified (AWS S3 reports its creation), so there the
        // original is hidden too and the view refuses instead of misleading (visibleAt's doc).
        try {
          assertEquals("good", read(past, "backups/b-5/manifest.json"));
        } catch (ObjectNotFoundException hidden) {
          assertTrue(hidden.getMessage().contains("no version at that time"), hidden.getMessage());
        }
        RepositoryException write =
            assertThrows(RepositoryException.class, () -> past.put("x", new byte[1]));
        assertTrue(write.getMessage().endsWith("nothing can be written to it"), write.getMessage());
        assertTrue(past.describe().endsWith(" as of " + before), past.describe());
      }
      assertEquals("poisoned", read(root, "backups/b-5/manifest.json"), "today's view");
    }
  }

  private static String read(Repository repo, String key) throws Exception {
    try (var in = repo.open(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aBucketWithoutObjectLockIsNamedAsTheProblem() throws Exception {
    server.createBucket("plain-1");
    try (S3Repository repo = root("plain-1", 60)) {
      assertEquals(
          "bucket 'plain-1' does not have Object Lock enabled; it can only be enabled when the"
              + " bucket is created (aws s3api create-bucket --object-lock-enabled-for-bucket)",
          repo.objectLockProblem().orElseThrow());
    }
  }

  private static List<ObjectVersion> versions(String bucket, String prefix) {
    var answer = server.rootClient().listObjectVersions(r -> r.bucket(bucket).prefix(prefix));
    if (!answer.deleteMarkers().isEmpty()) {
      throw new AssertionError("delete markers left: " + answer.deleteMarkers());
    }
    return answer.versions();
  }
}
