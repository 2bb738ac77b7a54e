package io.cadang.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.testkit.LockingS3Server;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 Object Lock through the cluster, on a real Object Lock server (Versity Gateway, {@link
 * LockingS3Server}) instead of s3proxy: the backup pods hold a write-only account of a locked
 * bucket and the operator alone holds the root credentials it deletes with
 * (s3.deleteCredentialsSecret).
 *
 * <ol>
 *   <li>A manual run of a policy with {@code objectLock: {mode: Governance, retainFor: 1h}}
 *       succeeds; every object of its backup carries GOVERNANCE and a retain-until date one hour
 *       after it was written; the write-only account is refused a delete of the manifest (403) and
 *       even root is refused deleting its version; the Job never sees the delete credentials.
 *   <li>The same policy on a bucket without Object Lock is Ready=False ObjectLockUnavailable naming
 *       the bucket; a manual run of it fails with the same reason before any Job, and nothing lands
 *       in that bucket.
 *   <li>With keepLast: 1 and a second run, retention leaves the first run (locked): it gets {@code
 *       cadang.io/locked-until} with the manifest's date, a RetentionDeferred Event, and keeps its
 *       objects.
 *   <li>That run, marked {@code cadang.io/delete-data: "true"} and deleted, stays behind its
 *       finalizer with a DataDeletionPending Event naming the lock's date; its objects stay.
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectLockE2E {
  private static final String NS = E2EEnvironment.APP_NS;
  private static final String POLICY = "shop-locked";
  private static final String UNLOCKED_POLICY = "shop-lock-unavailable";
  private static final String LOCKED_BUCKET = "cadang-locked";
  private static final String UNLOCKED_BUCKET = "cadang-unlocked";
  private static final String PREFIX = "e2e/object-lock";
  private static final String WRITER_SECRET = "objlock-writer";
  private static final String UNLOCKED_WRITER_SECRET = "objlock-writer-unlocked";
  private static final String ROOT_SECRET = "objlock-root";
  private static final String FIRST = POLICY + "-1";
  private static final String SECOND = POLICY + "-2";
  private static final String UNLOCKED_RUN = UNLOCKED_POLICY + "-now";
  private static final Duration RETAIN = Duration.ofHours(1);
  private static final String LOCKED_UNTIL = "cadang.io/locked-until";

  private static E2EEnvironment env;
  private static LockingS3Server s3;
  private static LockingS3Server.Credentials writer;
  private static long startedAt;

  /** The first run's backup: its id, when it ran and its objects with their retain-until dates. */
  private static String firstBackupId;

  private static Instant firstBefore;
  private static Instant firstAfter;
  private static Map<String, Instant> firstObjects;

  private final KubernetesClient k = E2EEnvironment.get().admin;

  @BeforeAll
  static void startTheLockingServer() {
    env = E2EEnvironment.get();
    startedAt = System.nanoTime();
    s3 = LockingS3Server.start();
    s3.createLockedBucket(LOCKED_BUCKET);
    s3.createBucket(UNLOCKED_BUCKET);
    writer = s3.createWriteOnlyUser(LOCKED_BUCKET);
    LockingS3Server.Credentials unlockedWriter = s3.createWriteOnlyUser(UNLOCKED_BUCKET);
    secret(WRITER_SECRET, writer.accessKey(), writer.secretKey());
    secret(UNLOCKED_WRITER_SECRET, unlockedWriter.accessKey(), unlockedWriter.secretKey());
    secret(ROOT_SECRET, s3.rootAccessKey(), s3.rootSecretKey());
  }

  @AfterAll
  static void cleanUp() {
    if (env == null) {
      return;
    }
    KubernetesClient k = env.admin;
    // Runs first, while their policy exists: deleted without the mark, they keep their data.
    for (String run : List.of(FIRST, SECOND, UNLOCKED_RUN)) {
      Cluster.cadang(k, "BackupRun").inNamespace(NS).withName(run).delete();
    }
    try {
      // The run test 4 deleted on purpose waits an hour for its lock: let it go now (its data
      // stays, with the server).
      Cluster.cadang(k, "BackupRun")
          .inNamespace(NS)
          .withName(FIRST)
          .edit(
              r -> {
                r.getMetadata().setFinalizers(new ArrayList<>());
                return r;
              });
    } catch (RuntimeException e) {
      // gone already, or never created
    }
    try {
      Await.until(
          "the object-lock runs gone",
          Duration.ofMinutes(1),
          () ->
              List.of(FIRST, SECOND, UNLOCKED_RUN).stream()
                  .allMatch(
                      run ->
                          Cluster.cadang(k, "BackupRun").inNamespace(NS).withName(run).get()
                              == null));
      for (String policy : List.of(POLICY, UNLOCKED_POLICY)) {
        Cluster.cadang(k, "BackupPolicy").inNamespace(NS).withName(policy).delete();
      }
      Await.until(
          "the object-lock policies gone",
          Duration.ofMinutes(1),
          () ->
              List.of(POLICY, UNLOCKED_POLICY).stream()
                  .allMatch(
                      policy ->
                          Cluster.cadang(k, "BackupPolicy").inNamespace(NS).withName(policy).get()
                              == null));
    } catch (AssertionError e) {
      System.err.println("ObjectLockE2E teardown: " + e.getMessage());
    } finally {
      for (String name : List.of(WRITER_SECRET, UNLOCKED_WRITER_SECRET, ROOT_SECRET)) {
        k.secrets().inNamespace(NS).withName(name).delete();
      }
      if (s3 != null) {
        s3.close();
      }
      System.out.printf(
          "ObjectLockE2E: %d s%n", Duration.ofNanos(System.nanoTime() - startedAt).toSeconds());
    }
  }

  @Test
  @Order(1)
  void aBackupInALockedBucketIsLockedAndItsWriterCannotDeleteIt() {
    Cluster.apply(
        k, policy(POLICY, LOCKED_BUCKET, WRITER_SECRET, "  retention:\n    keepLast: 1\n"));
    Map<String, Object> ready = awaitReady(POLICY, "True");
    assertEquals("True", ready.get("status"), String.valueOf(ready));

    firstBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    firstBackupId = succeededRun(FIRST);
    firstAfter = Instant.now();
    firstObjects = lockDates(firstBackupId);
    assertTrue(
        firstObjects.containsKey(manifestKey(firstBackupId)),
        "the manifest is among the backup's objects: " + firstObjects.keySet());
    assertTrue(
        firstObjects.size() >= 2, "artifacts and manifest, not just one object: " + firstObjects);
    for (var object : firstObjects.entrySet()) {
      assertAboutAnHourAfter(object.getKey(), object.getValue(), firstBefore, firstAfter);
    }

    // The pods' account may write but not delete: the bucket policy refuses it outright.
    S3Client writerClient = s3.client(writer);
    S3Exception refused =
        assertThrows(
            S3Exception.class,
            () ->
                writerClient.deleteObject(
                    b -> b.bucket(LOCKED_BUCKET).key(manifestKey(firstBackupId))));
    assertEquals(403, refused.statusCode(), refused.getMessage());
    // And the lock itself holds: not even root removes the manifest's version before its date.
    String version = onlyVersion(manifestKey(firstBackupId));
    S3Exception locked =
        assertThrows(
            S3Exception.class,
            () ->
                s3.rootClient()
                    .deleteObject(
                        b ->
                            b.bucket(LOCKED_BUCKET)
                                .key(manifestKey(firstBackupId))
                                .versionId(version)));
    assertEquals(403, locked.statusCode(), locked.getMessage());
    assertEquals(firstObjects, lockDates(firstBackupId), "nothing deleted, no lock changed");

    // The operator's delete credentials never reach the backup pod; the write-only ones do.
    Job job = k.batch().v1().jobs().inNamespace(NS).withName(FIRST).get();
    assertNotNull(job, "the run's Job");
    List<String> secrets = secretsOf(job.getSpec());
    assertTrue(secrets.contains(WRITER_SECRET), "the Job's Secrets: " + secrets);
    assertFalse(secrets.contains(ROOT_SECRET), "the Job's Secrets: " + secrets);
  }

  @Test
  @Order(2)
  void aLockOnABucketWithoutObjectLockIsNotReadyAndStoresNothing() {
    Cluster.apply(
        k,
        policy(
            UNLOCKED_POLICY,
            UNLOCKED_BUCKET,
            UNLOCKED_WRITER_SECRET,
            "  job:\n    backoffLimit: 0\n"));
    Map<String, Object> ready = awaitReady(UNLOCKED_POLICY, "False");
    assertEquals("ObjectLockUnavailable", ready.get("reason"), String.valueOf(ready));
    String message = String.valueOf(ready.get("message"));
    assertTrue(message.contains("repository 'primary'"), message);
    assertTrue(message.contains("bucket '" + UNLOCKED_BUCKET + "'"), message);
    assertTrue(message.contains("does not have Object Lock enabled"), message);

    Cluster.applyManualRun(k, NS, UNLOCKED_POLICY, UNLOCKED_RUN);
    GenericKubernetesResource run =
        Cluster.awaitFinished(k, "BackupRun", NS, UNLOCKED_RUN, Duration.ofMinutes(2));
    Map<String, Object> status = Cluster.status(run);
    List<String> jobs =
        k.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
            .map(j -> j.getMetadata().getName())
            .filter(n -> n.startsWith(UNLOCKED_POLICY))
            .toList();
    System.out.println("ObjectLockE2E: unlocked-bucket run " + status + "; Jobs " + jobs);
    assertEquals("Failed", Cluster.phase(run).orElseThrow(), String.valueOf(status));
    // Refused up front, like AgentNotAllowed: no Job, so nothing is written unlocked.
    assertEquals(List.of(), jobs, "Jobs of " + UNLOCKED_POLICY);
    assertEquals("ObjectLockUnavailable", status.get("failureReason"), String.valueOf(status));
    String failure = String.valueOf(status.get("failureMessage"));
    assertTrue(
        failure.startsWith(
            "BackupPolicy is not Ready: repository 'primary': bucket '"
                + UNLOCKED_BUCKET
                + "' does not have Object Lock enabled"),
        failure);
    List<String> stored = new ArrayList<>();
    s3.rootClient()
        .listObjectsV2Paginator(b -> b.bucket(UNLOCKED_BUCKET).prefix(PREFIX + "/backups/"))
        .contents()
        .forEach(o -> stored.add(o.key()));
    assertEquals(List.of(), stored, "nothing stored in the bucket without a lock");
  }

  @Test
  @Order(3)
  void retentionLeavesALockedBackupAndSaysUntilWhen() throws InterruptedException {
    String second = succeededRun(SECOND);
    assertNotEquals(firstBackupId, second);
    Instant manifestLock = firstObjects.get(manifestKey(firstBackupId));

    // keepLast: 1 would delete the first run; its lock defers that.
    String until =
        Await.until(
            FIRST + " annotated " + LOCKED_UNTIL,
            Duration.ofMinutes(1),
            () -> Optional.ofNullable(annotations(run(FIRST)).get(LOCKED_UNTIL)));
    assertEquals(manifestLock, Instant.parse(until), "the manifest's retain-until date");
    assertAboutAnHourAfter(LOCKED_UNTIL, Instant.parse(until), firstBefore, firstAfter);
    Event deferred =
        Await.until(
            "a RetentionDeferred Event of " + POLICY,
            Duration.ofSeconds(30),
            () ->
                events("RetentionDeferred", POLICY).stream()
                    .filter(e -> e.getMessage().contains(FIRST))
                    .findFirst());
    assertTrue(
        deferred.getMessage().contains("under Object Lock until " + until), deferred.getMessage());

    // Retention passes again (the annotation itself wakes the policy); the run is still kept.
    Thread.sleep(5_000);
    GenericKubernetesResource first = run(FIRST);
    assertNotNull(first, FIRST + " deleted");
    assertNull(first.getMetadata().getDeletionTimestamp(), FIRST + " is being deleted");
    assertNull(annotations(first).get("cadang.io/delete-data"), FIRST + " marked for deletion");
    assertEquals("Succeeded", Cluster.phase(first).orElseThrow());
    GenericKubernetesResource kept = run(SECOND);
    assertNull(annotations(kept).get(LOCKED_UNTIL), "the kept run needs no deferral");
    assertEquals(firstObjects, lockDates(firstBackupId), "the first backup's objects");
    assertNoDeleteMarkers(firstBackupId);
  }

  @Test
  @Order(4)
  void deletingALockedRunOnPurposeWaitsForTheLockAndKeepsTheData() throws InterruptedException {
    String until = firstObjects.get(manifestKey(firstBackupId)).toString();
    Cluster.cadang(k, "BackupRun")
        .inNamespace(NS)
        .withName(FIRST)
        .edit(
            r -> {
              Map<String, String> a = new HashMap<>(annotations(r));
              a.put("cadang.io/delete-data", "true");
              r.getMetadata().setAnnotations(a);
              return r;
            });
    Cluster.cadang(k, "BackupRun").inNamespace(NS).withName(FIRST).delete();

    Event pending =
        Await.until(
            "a DataDeletionPending Event of " + FIRST,
            Duration.ofMinutes(1),
            () -> events("DataDeletionPending", FIRST).stream().findFirst());
    assertTrue(
        pending.getMessage().contains("backup " + firstBackupId + " is under Object Lock"),
        pending.getMessage());
    assertTrue(pending.getMessage().contains("until " + until), pending.getMessage());

    Thread.sleep(3_000);
    GenericKubernetesResource first = run(FIRST);
    assertNotNull(first, FIRST + " went before its lock expired");
    assertNotNull(first.getMetadata().getDeletionTimestamp());
    assertFalse(first.getMetadata().getFinalizers().isEmpty(), "the run's finalizer");
    assertEquals(firstObjects, lockDates(firstBackupId), "the first backup's objects");
    assertNoDeleteMarkers(firstBackupId);
  }

  private String succeededRun(String name) {
    Cluster.applyManualRun(k, NS, POLICY, name);
    GenericKubernetesResource run =
        Cluster.awaitFinished(k, "BackupRun", NS, name, Duration.ofMinutes(2));
    assertEquals("Succeeded", Cluster.phase(run).orElseThrow(), name + ": " + Cluster.status(run));
    String id = (String) Cluster.status(run).get("backupId");
    assertNotNull(id, name + " has no backupId: " + Cluster.status(run));
    return id;
  }

  private Map<String, Object> awaitReady(String policy, String status) {
    return Await.until(
        policy + " Ready=" + status,
        Duration.ofMinutes(1),
        () ->
            Optional.ofNullable(
                    Cluster.cadang(k, "BackupPolicy").inNamespace(NS).withName(policy).get())
                .flatMap(p -> Cluster.condition(p, "Ready"))
                .filter(c -> status.equals(c.get("status"))));
  }

  private GenericKubernetesResource run(String name) {
    return Cluster.cadang(k, "BackupRun").inNamespace(NS).withName(name).get();
  }

  private static Map<String, String> annotations(GenericKubernetesResource r) {
    return r == null || r.getMetadata().getAnnotations() == null
        ? Map.of()
        : r.getMetadata().getAnnotations();
  }

  private List<Event> events(String reason, String involved) {
    return k.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .filter(e -> e.getInvolvedObject() != null)
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Every object of a backup with its retain-until date; each must be GOVERNANCE-locked. */
  private static Map<String, Instant> lockDates(String backupId) {
    Map<String, Instant> dates = new TreeMap<>();
    S3Client root = s3.rootClient();
    root.listObjectsV2Paginator(b -> b.bucket(LOCKED_BUCKET).prefix(folder(backupId)))
        .contents()
        .forEach(
            o -> {
              HeadObjectResponse head = root.headObject(b -> b.bucket(LOCKED_BUCKET).key(o.key()));
              assertEquals(ObjectLockMode.GOVERNANCE, head.objectLockMode(), o.key());
              assertNotNull(head.objectLockRetainUntilDate(), o.key() + " has no retain-until");
              dates.put(o.key(), head.objectLockRetainUntilDate());
            });
    return dates;
  }

  /** Written between {@code before} and {@code after}, so locked until an hour after that. */
  private static void assertAboutAnHourAfter(
      String what, Instant until, Instant before, Instant after) {
    assertFalse(
        until.isBefore(before.plus(RETAIN)),
        what + " locked until " + until + ", before " + before.plus(RETAIN));
    assertFalse(
        until.isAfter(after.plus(RETAIN).plusSeconds(2)),
        what + " locked until " + until + ", after " + after.plus(RETAIN).plusSeconds(2));
  }

  private static String onlyVersion(String key) {
    ListObjectVersionsResponse versions =
        s3.rootClient().listObjectVersions(b -> b.bucket(LOCKED_BUCKET).prefix(key));
    List<String> ids =
        versions.versions().stream()
            .filter(v -> v.key().equals(key))
            .map(v -> v.versionId())
            .toList();
    assertEquals(1, ids.size(), "versions of " + key + ": " + versions.versions());
    return ids.get(0);
  }

  private static void assertNoDeleteMarkers(String backupId) {
    ListObjectVersionsResponse versions =
        s3.rootClient().listObjectVersions(b -> b.bucket(LOCKED_BUCKET).prefix(folder(backupId)));
    assertEquals(List.of(), versions.deleteMarkers(), "delete markers in " + folder(backupId));
  }

  /** Names of every Secret a Job's pod reads: env, envFrom and volumes. */
  private static List<String> secretsOf(JobSpec spec) {
    List<String> names = new ArrayList<>();
    var pod = spec.getTemplate().getSpec();
    List<Container> containers = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (Container c : containers) {
      for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
          names.add(e.getValueFrom().getSecretKeyRef().getName());
        }
      }
      for (EnvFromSource e : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
        if (e.getSecretRef() != null) {
          names.add(e.getSecretRef().getName());
        }
      }
    }
    for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      if (v.getSecret() != null) {
        names.add(v.getSecret().getSecretName());
      }
      if (v.getProjected() != null) {
        v.getProjected().getSources().stream()
            .filter(s -> s.getSecret() != null)
            .forEach(s -> names.add(s.getSecret().getName()));
      }
    }
    return names;
  }

  private static String folder(String backupId) {
    return PREFIX + "/backups/" + backupId + "/";
  }

  private static String manifestKey(String backupId) {
    return folder(backupId) + "manifest.json";
  }

  private static void secret(String name, String accessKey, String secretKey) {
    env.admin
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(
                    Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey))
                .build())
        .create();
  }

  /**
   * A logical policy of the sample database that never runs on its schedule, into {@code bucket} of
   * the locking server with the pods' {@code writerSecret}, root as the delete credentials,
   * Governance for an hour, Vault transit encryption.
   */
  private static String policy(String name, String bucket, String writerSecret, String extraSpec) {
    return String.join(
            "\n",
            "apiVersion: cadang.io/v1alpha1",
            "kind: BackupPolicy",
            "metadata: {name: " + name + ", namespace: " + NS + "}",
            "spec:",
            "  schedule: \"0 0 1 1 *\"",
            "  source:",
            "    postgres:",
            "      host: 127.0.0.1",
            "      port: " + env.postgres.port(),
            "      databases: [shop]",
            "      sslMode: disable",
            "      credentialsSecret: {name: shop-db}",
            "  storage:",
            "    primary:",
            "      name: primary",
            "      s3:",
            "        bucket: " + bucket,
            "        prefix: " + PREFIX,
            "        endpoint: " + s3.endpoint(),
            "        region: " + s3.region(),
            "        pathStyle: true",
            "        credentialsSecret: {name: " + writerSecret + "}",
            "        deleteCredentialsSecret: {name: " + ROOT_SECRET + "}",
            "      objectLock: {mode: Governance, retainFor: 1h}",
            "  encryption:",
            env.vaultEncryption(),
            "")
        + extraSpec;
  }
}
