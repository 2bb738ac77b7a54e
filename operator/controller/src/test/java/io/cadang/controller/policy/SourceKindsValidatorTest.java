package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupLog;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.BackupSource;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConfigsSource;
import io.cadang.api.v1alpha1.GitCredentialsSecret;
import io.cadang.api.v1alpha1.GitTarget;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.PostgresCredentialsSecret;
import io.cadang.api.v1alpha1.ResourceKind;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.controller.retention.RetentionPolicy;
import io.cadang.controller.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the operator checks itself for the files, configs and volumeSnapshots sources and the backup
 * log (the mock API server runs no CEL, and an old CRD may not carry the rules).
 */
class SourceKindsValidatorTest {
  private final Map<String, Set<String>> secrets =
      Map.of(
          "pg-credentials", Set.of("username", "password"),
          "s3-credentials", Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
          "master-key", Set.of("key"),
          "git-push", Set.of("token"),
          "log-writer", Set.of("username", "password"));

  private PolicyCheck check(BackupPolicySpec spec) {
    return PolicyValidator.check(spec, name -> Optional.ofNullable(secrets.get(name)));
  }

  @Test
  void twoSourcesAreRefused() {
    BackupPolicySpec spec = Fixtures.policy("p", "http://s3", "b").getSpec();
    spec.getSource()
        .setFiles(Fixtures.filesPolicy("f", "http://s3", "c").getSpec().getSource().getFiles());

    assertEquals(
        List.of(
            new SpecProblem(
                ConditionReason.INVALID_SPEC,
                "spec.source: set exactly one of postgres, files, configs or volumeSnapshots")),
        check(spec).problems());
  }

  @Test
  void aFilesPathEscapingTheClaimIsRefused() {
    BackupPolicySpec spec = Fixtures.filesPolicy("f", "http://s3", "c").getSpec();
    spec.getSource().getFiles().setPaths(List.of("uploads", "uploads/../../etc", "/abs"));

    List<SpecProblem> problems = check(spec).problems();

    assertEquals(2, problems.size(), problems.toString());
    assertEquals(
        "spec.source.files.paths[1]: 'uploads/../../etc' must be a relative path inside the claim"
            + " without '..'",
        problems.get(0).message());
    assertTrue(problems.get(1).message().startsWith("spec.source.files.paths[2]: '/abs'"));
  }

  @Test
  void aValidFilesPolicyIsReady() {
    assertTrue(check(Fixtures.filesPolicy("f", "http://s3", "c").getSpec()).ready());
  }

  @Test
  void configsNeedAServiceAccountAndTheirGitSecretKeys() {
    BackupPolicySpec spec = Fixtures.policy("p", "http://s3", "b").getSpec();
    ConfigsSource configs = new ConfigsSource();
    ResourceKind kind = new ResourceKind();
    kind.setApiVersion("apps/v1");
    kind.setKind("Deployment");
    configs.setResources(List.of(kind));
    GitTarget git = new GitTarget();
    git.setUrl("https://x-access-token:ghp_secret@git.example/ops/config.git");
    GitCredentialsSecret creds = new GitCredentialsSecret();
    creds.setName("git-push");
    creds.setTokenKey("pat");
    git.setCredentialsSecret(creds);
    configs.setGit(git);
    BackupSource source = new BackupSource();
    source.setConfigs(configs);
    spec.setSource(source);

    List<String> messages = check(spec).problems().stream().map(SpecProblem::message).toList();

    assertEquals(
        List.of(
            "spec.source.configs.git.url: must not carry credentials: put them in credentialsSecret",
            "spec.source.configs.git.credentialsSecret.tokenKey: key 'pat' not found in Secret"
                + " 'git-push'",
            "spec.job.serviceAccountName: a configs source needs a service account allowed to get"
                + " and list the exported kinds"),
        messages);

    git.setUrl("https://git.example/ops/config.git");
    creds.setTokenKey("token");
    JobTemplate job = new JobTemplate();
    job.setServiceAccountName("config-reader");
    spec.setJob(job);
    assertTrue(check(spec).ready(), check(spec).problems().toString());
  }

  @Test
  void aVolumeSnapshotsPolicyNeedsNoStorageNorEncryptionAndKeepsItsKeepNewest() {
    BackupPolicySpec spec = Fixtures.snapshotPolicy("vm", 2, "vm-disk").getSpec();

    assertTrue(check(spec).ready(), check(spec).problems().toString());
    RetentionPolicy rules = RetentionRules.of(spec);
    assertEquals(2, rules.keepLast());
    assertEquals(null, rules.keepDaily());

    // spec.retention is refused by CEL for this source; should it reach the operator anyway
    // (an old CRD), it is ignored in favour of keep.
    Retention retention = new Retention();
    retention.setKeepDaily(30);
    spec.setRetention(retention);
    assertEquals(2, RetentionRules.of(spec).keepLast());
    assertEquals(null, RetentionRules.of(spec).keepDaily());
  }

  @Test
  void theBackupLogsSecretMustHoldItsKeys() {
    BackupPolicySpec spec = Fixtures.policy("p", "http://s3", "b").getSpec();
    BackupLog log = new BackupLog();
    log.setHost("catalog-db");
    log.setDatabase("postgres");
    PostgresCredentialsSecret creds = new PostgresCredentialsSecret();
    creds.setName("log-writer");
    creds.setPasswordKey("pw");
    log.setCredentialsSecret(creds);
    spec.setBackupLog(log);

    assertEquals(
        List.of(
            new SpecProblem(
                ConditionReason.SECRET_MISSING,
                "spec.backupLog.credentialsSecret.passwordKey: key 'pw' not found in Secret"
                    + " 'log-writer'")),
        check(spec).problems());
  }
}
