package io.cadang.controller.testing;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunSpec;
import io.cadang.api.v1alpha1.BackupSource;
import io.cadang.api.v1alpha1.Encryption;
import io.cadang.api.v1alpha1.PolicyReference;
import io.cadang.api.v1alpha1.PostgresCredentialsSecret;
import io.cadang.api.v1alpha1.PostgresSource;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.api.v1alpha1.S3Backend;
import io.cadang.api.v1alpha1.S3CredentialsSecret;
import io.cadang.api.v1alpha1.SecretKeyRef;
import io.cadang.api.v1alpha1.Storage;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;

/** Valid resources to start tests from; each test changes what it is about. */
public final class Fixtures {
  private Fixtures() {}

  public static BackupPolicy policy(String name, String s3Endpoint, String bucket) {
    PostgresSource pg = new PostgresSource();
    pg.setHost("db.example.internal");
    pg.setDatabases(List.of("app"));
    PostgresCredentialsSecret pgCreds = new PostgresCredentialsSecret();
    pgCreds.setName("pg-credentials");
    pg.setCredentialsSecret(pgCreds);
    BackupSource source = new BackupSource();
    source.setPostgres(pg);

    S3Backend s3 = new S3Backend();
    s3.setBucket(bucket);
    s3.setPrefix("db");
    s3.setEndpoint(s3Endpoint);
    s3.setRegion("us-east-1");
    s3.setPathStyle(true);
    s3.setStorageClass("STANDARD_IA");
    S3CredentialsSecret s3Creds = new S3CredentialsSecret();
    s3Creds.setName("s3-credentials");
    s3.setCredentialsSecret(s3Creds);
    Repository primary = new Repository();
    primary.setName("primary");
    primary.setS3(s3);
    Storage storage = new Storage();
    storage.setPrimary(primary);

    Encryption encryption = new Encryption();
    SecretKeyRef key = new SecretKeyRef();
    key.setName("master-key");
    key.setKey("key");
    encryption.setSecretKey(key);

    Retention retention = new Retention();
    retention.setKeepDaily(14);

    BackupPolicySpec spec = new BackupPolicySpec();
    spec.setSchedule("0 2 * * *");
    spec.setTimeZone("UTC");
    spec.setSource(source);
    spec.setStorage(storage);
    spec.setEncryption(encryption);
    spec.setRetention(retention);

    BackupPolicy policy = new BackupPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(OperatorHarness.NAMESPACE).build());
    policy.setSpec(spec);
    return policy;
  }

  public static BackupRun run(String name, String policy) {
    BackupRunSpec spec = new BackupRunSpec();
    PolicyReference ref = new PolicyReference();
    ref.setName(policy);
    spec.setPolicyRef(ref);
    BackupRun run = new BackupRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(OperatorHarness.NAMESPACE).build());
    run.setSpec(spec);
    return run;
  }

  /** A restore of {@code backupRun} (or, when null, of {@code policy}'s newest backup). */
  public static io.cadang.api.v1alpha1.RestoreRequest restore(
      String name, String backupRun, String policy) {
    io.cadang.api.v1alpha1.RestoreSource source = new io.cadang.api.v1alpha1.RestoreSource();
    source.setBackupRun(backupRun);
    source.setPolicy(backupRun == null ? policy : null);
    io.cadang.api.v1alpha1.TargetDatabase db = new io.cadang.api.v1alpha1.TargetDatabase();
    db.setHost("restore-target.example.internal");
    PostgresCredentialsSecret creds = new PostgresCredentialsSecret();
    creds.setName("target-credentials");
    db.setCredentialsSecret(creds);
    io.cadang.api.v1alpha1.RestoreTarget target = new io.cadang.api.v1alpha1.RestoreTarget();
    target.setDatabase(db);
    io.cadang.api.v1alpha1.RestoreRequestSpec spec =
        new io.cadang.api.v1alpha1.RestoreRequestSpec();
    spec.setSource(source);
    spec.setTarget(target);
    io.cadang.api.v1alpha1.RestoreRequest request = new io.cadang.api.v1alpha1.RestoreRequest();
    request.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(OperatorHarness.NAMESPACE).build());
    request.setSpec(spec);
    return request;
  }

  /**
   * A termination message as the agent writes it after a restore; each mismatch is {@code
   * table:expected:actual}.
   */
  public static String restoreResult(String backupId, String... mismatches) {
    StringBuilder m = new StringBuilder();
    for (String mismatch : mismatches) {
      String[] p = mismatch.split(":");
      if (m.length() > 0) {
        m.append(',');
      }
      m.append("{\"table\":\"")
          .append(p[0])
          .append("\",\"expected\":")
          .append(p[1])
          .append(",\"actual\":")
          .append(p[2])
          .append('}');
    }
    return "{\"backupId\":\""
        + backupId
        + "\",\"durationSeconds\":4.2,\"databases\":[{\"source\":\"app\",\"target\":\"app\","
        + "\"tablesChecked\":12,\"rowsChecked\":3400,\"mismatches\":["
        + m
        + "]}],\"verified\":"
        + (mismatches.length == 0)
        + "}";
  }

  public static Secret secret(String name, Map<String, String> values) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(OperatorHarness.NAMESPACE)
        .endMetadata()
        .withStringData(values)
        .build();
  }

  /** {@code policy(...)} with its source replaced by a files source on {@code claim}. */
  public static BackupPolicy filesPolicy(String name, String s3Endpoint, String claim) {
    BackupPolicy policy = policy(name, s3Endpoint, "files");
    io.cadang.api.v1alpha1.FilesSource files = new io.cadang.api.v1alpha1.FilesSource();
    files.setClaimName(claim);
    files.setPaths(List.of("uploads", "avatars/2026"));
    files.setExcludes(List.of("*.tmp", "cache/*"));
    BackupSource source = new BackupSource();
    source.setFiles(files);
    policy.getSpec().setSource(source);
    return policy;
  }

  /** A volumeSnapshots policy (no storage, no encryption, no retention) of {@code claims}. */
  public static BackupPolicy snapshotPolicy(String name, int keep, String... claims) {
    BackupPolicy policy = policy(name, "http://unused", "unused");
    io.cadang.api.v1alpha1.VolumeSnapshotsSource snapshots =
        new io.cadang.api.v1alpha1.VolumeSnapshotsSource();
    snapshots.setClaims(List.of(claims));
    snapshots.setVolumeSnapshotClassName("csi-snapclass");
    snapshots.setKeep(keep);
    BackupSource source = new BackupSource();
    source.setVolumeSnapshots(snapshots);
    policy.getSpec().setSource(source);
    policy.getSpec().setStorage(null);
    policy.getSpec().setEncryption(null);
    policy.getSpec().setRetention(null);
    return policy;
  }

  /** A second repository {@code name} in another bucket, with its own credentials Secret. */
  public static Repository replica(String name, String s3Endpoint, String bucket, String secret) {
    S3Backend s3 = new S3Backend();
    s3.setBucket(bucket);
    s3.setEndpoint(s3Endpoint);
    s3.setRegion("eu-west-1");
    s3.setPathStyle(true);
    S3CredentialsSecret creds = new S3CredentialsSecret();
    creds.setName(secret);
    s3.setCredentialsSecret(creds);
    Repository r = new Repository();
    r.setName(name);
    r.setS3(s3);
    return r;
  }

  /** A termination message as the agent writes it for a successful backup. */
  public static String agentResult(String backupId, long storedBytes) {
    return "{\"backupId\":\""
        + backupId
        + "\",\"startedAt\":\"2026-11-21T02:00:00Z\","
        + "\"finishedAt\":\"2026-11-21T02:01:00Z\",\"serverVersion\":\"15.18\",\"rawBytes\":"
        + (storedBytes * 3)
        + ",\"storedBytes\":"
        + storedBytes
        + ",\"keyId\":\"local:0011\","
        + "\"keyVersion\":1,\"objects\":[{\"key\":\"backups/"
        + backupId
        + "/db/app.dump.zst.cdg\",\"rawBytes\":"
        + (storedBytes * 3)
        + ",\"bytes\":"
        + storedBytes
        + ",\"sha256\":\""
        + "ab".repeat(32)
        + "\"}]}";
  }
}
