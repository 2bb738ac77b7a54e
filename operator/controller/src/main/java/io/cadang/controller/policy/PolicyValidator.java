package io.cadang.controller.policy;

import static io.cadang.api.v1alpha1.ConditionReason.INVALID_SCHEDULE;
import static io.cadang.api.v1alpha1.ConditionReason.INVALID_SPEC;
import static io.cadang.api.v1alpha1.ConditionReason.INVALID_TIME_ZONE;
import static io.cadang.api.v1alpha1.ConditionReason.SECRET_MISSING;

import io.cadang.api.v1alpha1.BackupLog;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.BackupSource;
import io.cadang.api.v1alpha1.ConfigsSource;
import io.cadang.api.v1alpha1.Encryption;
import io.cadang.api.v1alpha1.FilesSource;
import io.cadang.api.v1alpha1.GitCredentialsSecret;
import io.cadang.api.v1alpha1.GitTarget;
import io.cadang.api.v1alpha1.PostgresSource;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.Retention;
import io.cadang.api.v1alpha1.SecretKeyRef;
import io.cadang.api.v1alpha1.Storage;
import io.cadang.api.v1alpha1.VaultTransit;
import io.cadang.api.v1alpha1.VolumeSnapshotsSource;
import io.cadang.controller.jobs.ObjectLockPeriod;
import io.cadang.controller.schedule.CronExpression;
import io.cadang.controller.schedule.InvalidScheduleException;
import io.cadang.controller.schedule.Schedule;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what the schema cannot: cron syntax, the IANA time zone, that referenced Secrets and their
 * keys exist. It also defends against nulls the schema would have refused, because the mock API
 * server (and an older CRD) does no schema validation. Every problem names its field and why; all
 * problems are reported at once so a user fixes them in one edit. Pure: Secrets are looked up
 * through {@link SecretKeys}.
 */
public final class PolicyValidator {
  /** The keys of a Secret in the policy's namespace; empty when the Secret does not exist. */
  @FunctionalInterface
  public interface SecretKeys {
    Optional<Set<String>> of(String secretName);
  }

  private final SecretKeys secrets;
  private final BackupPolicySpec spec;
  private final List<SpecProblem> problems = new ArrayList<>();

  private PolicyValidator(SecretKeys secrets, BackupPolicySpec spec) {
    this.secrets = secrets;
    this.spec = spec;
  }

  public static PolicyCheck check(BackupPolicySpec spec, SecretKeys secrets) {
    PolicyValidator v = new PolicyValidator(secrets, spec);
    if (spec == null) {
      v.invalid("spec", "required");
      return new PolicyCheck(null, v.problems);
    }
    Schedule schedule = v.schedule(spec.getSchedule(), spec.getTimeZone());
    v.source(spec.getSource());
    boolean snapshots = spec.getSource() != null && spec.getSource().getVolumeSnapshots() != null;
    if (!snapshots || spec.getStorage() != null) {
      v.storage(spec.getStorage());
    }
    if (!snapshots || spec.getEncryption() != null) {
      v.encryption(spec.getEncryption());
    }
    v.retention(spec.getRetention());
    v.backupLog(spec.getBackupLog());
    v.drills(spec.getDrills(), spec.getTimeZone(), snapshots);
    if (spec.getSource() != null && spec.getSource().getConfigs() != null) {
      // The default agent account may read nothing; exporting objects with it would fail in the
      // Job on the first list with a 403.
      if (spec.getJob() == null || blank(spec.getJob().getServiceAccountName())) {
        v.invalid(
            "spec.job.serviceAccountName",
            "a configs source needs a service account allowed to get and list the exported kinds");
      }
    }
    return new PolicyCheck(schedule, v.problems);
  }

  private Schedule schedule(String cron, String timeZone) {
    CronExpression expression = null;
    if (cron == null || cron.isBlank()) {
      invalid("spec.schedule", "required, e.g. \"0 2 * * *\"");
    } else {
      try {
        expression = CronExpression.parse(cron);
      } catch (InvalidScheduleException e) {
        // The parser's message already reads "schedule '<cron>': <why>".
        problems.add(new SpecProblem(INVALID_SCHEDULE, "spec." + e.getMessage()));
      }
    }
    String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
    // Only region ids: a fixed offset like "+07:00" would quietly ignore the zone's DST rules.
    if (!ZoneId.getAvailableZoneIds().contains(zone)) {
      problems.add(
          new SpecProblem(
              INVALID_TIME_ZONE,
              "spec.timeZone: '"
                  + zone
                  + "' is not an IANA time zone (e.g. Europe/Berlin, Asia/Jakarta)"));
      return null;
    }
    return expression == null ? null : new Schedule(expression, ZoneId.of(zone));
  }

  private void source(BackupSource source) {
    if (source == null) {
      invalid("spec.source", "required");
      return;
    }
    long set =
        java.util.stream.Stream.of(
                source.getPostgres(),
                source.getFiles(),
                source.getConfigs(),
                source.getVolumeSnapshots())
            .filter(java.util.Objects::nonNull)
            .count();
    if (set != 1) {
      invalid("spec.source", "set exactly one of postgres, files, configs or volumeSnapshots");
      return;
    }
    if (source.getFiles() != null) {
      files(source.getFiles());
    } else if (source.getConfigs() != null) {
      configs(source.getConfigs());
    } else if (source.getVolumeSnapshots() != null) {
      volumeSnapshots(source.getVolumeSnapshots());
    } else {
      postgres(source.getPostgres());
    }
  }

  private void files(FilesSource files) {
    String field = "spec.source.files";
    if (blank(files.getClaimName())) {
      invalid(field + ".claimName", "required");
    }
    List<String> paths = files.getPaths() == null ? List.of() : files.getPaths();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      // The schema says the same in CEL; the mock API server (and an old CRD) does not run it.
      if (path == null || path.isBlank() || path.startsWith("/") || hasDotDot(path)) {
        invalid(
            field + ".paths[" + i + "]",
            "'" + path + "' must be a relative path inside the claim without '..'");
      }
    }
  }

  private void configs(ConfigsSource configs) {
    String field = "spec.source.configs";
    if (configs.getResources() == null || configs.getResources().isEmpty()) {
      invalid(
          field + ".resources",
          "name at least one kind, e.g. {apiVersion: apps/v1, kind: Deployment}");
    }
    GitTarget git = configs.getGit();
    if (git == null) {
      return;
    }
    if (blank(git.getUrl())) {
      invalid(field + ".git.url", "required");
    } else if (git.getUrl().matches("^https?://[^/]*@.*")) {
      invalid(field + ".git.url", "must not carry credentials: put them in credentialsSecret");
    }
    if (git.getPath() != null && (git.getPath().startsWith("/") || hasDotDot(git.getPath()))) {
      invalid(field + ".git.path", "must be relative and must not contain '..'");
    }
    GitCredentialsSecret creds = git.getCredentialsSecret();
    if (creds != null) {
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put(field + ".git.credentialsSecret.tokenKey", creds.getTokenKey());
      keys.put(field + ".git.credentialsSecret.sshPrivateKeyKey", creds.getSshPrivateKeyKey());
      keys.put(field + ".git.credentialsSecret.knownHostsKey", creds.getKnownHostsKey());
      secret(field + ".git.credentialsSecret.name", creds.getName(), keys);
    }
  }

  private void volumeSnapshots(VolumeSnapshotsSource snapshots) {
    String field = "spec.source.volumeSnapshots";
    if (snapshots.getClaims() == null || snapshots.getClaims().isEmpty()) {
      invalid(field + ".claims", "name at least one PersistentVolumeClaim");
    } else if (new java.util.HashSet<>(snapshots.getClaims()).size()
        != snapshots.getClaims().size()) {
      invalid(field + ".claims", "claims must be unique");
    }
    if (snapshots.getKeep() != null && snapshots.getKeep() < 1) {
      invalid(field + ".keep", "must be at least 1");
    }
  }

  private void backupLog(BackupLog log) {
    if (log == null) {
      return;
    }
    String field = "spec.backupLog";
    if (blank(log.getHost())) {
      invalid(field + ".host", "required");
    }
    if (blank(log.getDatabase())) {
      invalid(field + ".database", "required");
    }
    if (log.getCredentialsSecret() == null) {
      invalid(field + ".credentialsSecret", "required");
      return;
    }
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(field + ".credentialsSecret.userKey", log.getCredentialsSecret().getUserKey());
    keys.put(field + ".credentialsSecret.passwordKey", log.getCredentialsSecret().getPasswordKey());
    secret(field + ".credentialsSecret.name", log.getCredentialsSecret().getName(), keys);
  }

  private static boolean hasDotDot(String path) {
    return java.util.Arrays.asList(path.split("/")).contains("..");
  }

  private void postgres(PostgresSource pg) {
    String field = "spec.source.postgres";
    if (blank(pg.getHost())) {
      invalid(field + ".host", "required");
    }
    boolean all = Boolean.TRUE.equals(pg.getAllDatabases());
    if (!all && (pg.getDatabases() == null || pg.getDatabases().isEmpty())) {
      invalid(field + ".databases", "name at least one database, or set allDatabases: true");
    }
    if (pg.getCredentialsSecret() == null) {
      invalid(field + ".credentialsSecret", "required");
      return;
    }
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(field + ".credentialsSecret.userKey", pg.getCredentialsSecret().getUserKey());
    keys.put(field + ".credentialsSecret.passwordKey", pg.getCredentialsSecret().getPasswordKey());
    secret(field + ".credentialsSecret.name", pg.getCredentialsSecret().getName(), keys);
  }

  private void storage(Storage storage) {
    if (storage == null || storage.getPrimary() == null) {
      invalid(storage == null ? "spec.storage" : "spec.storage.primary", "required");
      return;
    }
    repository("spec.storage.primary", storage.getPrimary());
    List<Repository> replicas = storage.getReplicas() == null ? List.of() : storage.getReplicas();
    for (int i = 0; i < replicas.size(); i++) {
      repository("spec.storage.replicas[" + i + "]", replicas.get(i));
    }
  }

  private void repository(String field, Repository repository) {
    if (repository == null || repository.getS3() == null) {
      invalid(repository == null ? field : field + ".s3", "required");
      return;
    }
    if (blank(repository.getS3().getBucket())) {
      invalid(field + ".s3.bucket", "required");
    }
    objectLock(field, repository);
    var delete = repository.getS3().getDeleteCredentialsSecret();
    if (delete != null) {
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put(field + ".s3.deleteCredentialsSecret.accessKeyIdKey", delete.getAccessKeyIdKey());
      keys.put(
          field + ".s3.deleteCredentialsSecret.secretAccessKeyKey", delete.getSecretAccessKeyKey());
      secret(field + ".s3.deleteCredentialsSecret.name", delete.getName(), keys);
    }
    var creds = repository.getS3().getCredentialsSecret();
    if (creds == null) {
      return; // no Secret: the agent uses the SDK's default chain (IRSA, instance profile)
    }
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(field + ".s3.credentialsSecret.accessKeyIdKey", creds.getAccessKeyIdKey());
    keys.put(field + ".s3.credentialsSecret.secretAccessKeyKey", creds.getSecretAccessKeyKey());
    secret(field + ".s3.credentialsSecret.name", creds.getName(), keys);
  }

  private void drills(io.cadang.api.v1alpha1.Drills drills, String timeZone, boolean snapshots) {
    if (drills == null) {
      return;
    }
    if (snapshots) {
      invalid("spec.drills", "volume snapshots cannot be drilled by a restore");
      return;
    }
    if (drills.getSchedule() == null || drills.getSchedule().isBlank()) {
      invalid("spec.drills.schedule", "required, e.g. \"0 3 1 */6 *\" (every six months)");
    } else {
      try {
        CronExpression.parse(drills.getSchedule());
      } catch (InvalidScheduleException e) {
        problems.add(new SpecProblem(INVALID_SCHEDULE, "spec.drills." + e.getMessage()));
      }
    }
    var target = drills.getTarget();
    if (target == null) {
      return; // a throwaway server in the drill's own pod
    }
    if (target.getDatabase() == null
        && target.getDataDirectory() == null
        && target.getScratch() == null) {
      invalid(
          "spec.drills.target",
          "a drill restores into scratch (the default), a database or a dataDirectory");
    } else if (target.getDatabase() != null
        && Boolean.TRUE.equals(target.getDatabase().getOverwrite())) {
      // A drill must never be able to replace data: it restores into a new, empty database.
      invalid("spec.drills.target.database.overwrite", "a drill never overwrites: remove it");
    }
  }

  private void objectLock(String field, Repository repository) {
    if (repository.getObjectLock() == null) {
      return;
    }
    if (repository.getObjectLock().getMode() == null) {
      invalid(field + ".objectLock.mode", "required: Governance or Compliance");
      return;
    }
    try {
      ObjectLockPeriod.of(spec, repository);
    } catch (IllegalArgumentException e) {
      invalid(field + ".objectLock.retainFor", e.getMessage());
    }
  }

  private void encryption(Encryption encryption) {
    if (encryption == null) {
      invalid("spec.encryption", "required");
      return;
    }
    if ((encryption.getVault() == null) == (encryption.getSecretKey() == null)) {
      invalid("spec.encryption", "set exactly one of vault and secretKey");
      return;
    }
    if (encryption.getSecretKey() != null) {
      keyRef("spec.encryption.secretKey", encryption.getSecretKey());
      return;
    }
    VaultTransit vault = encryption.getVault();
    String field = "spec.encryption.vault";
    if (blank(vault.getAddress())) {
      invalid(field + ".address", "required");
    }
    if (blank(vault.getKey())) {
      invalid(field + ".key", "required");
    }
    if (vault.getAuth() == null
        || (vault.getAuth().getKubernetes() == null)
            == (vault.getAuth().getTokenSecret() == null)) {
      invalid(field + ".auth", "set exactly one of kubernetes and tokenSecret");
    } else if (vault.getAuth().getTokenSecret() != null) {
      keyRef(field + ".auth.tokenSecret", vault.getAuth().getTokenSecret());
    } else if (blank(vault.getAuth().getKubernetes().getRole())) {
      invalid(field + ".auth.kubernetes.role", "required");
    }
  }

  private void keyRef(String field, SecretKeyRef ref) {
    if (blank(ref.getKey())) {
      invalid(field + ".key", "required");
      secret(field + ".name", ref.getName(), Map.of());
    } else {
      secret(field + ".name", ref.getName(), Map.of(field + ".key", ref.getKey()));
    }
  }

  private void retention(Retention retention) {
    if (retention == null) {
      return;
    }
    try {
      RetentionRules.of(retention);
    } catch (IllegalArgumentException e) {
      invalid("spec.retention", e.getMessage());
    }
  }

  /**
   * The Secret {@code name} must exist and hold every key; {@code keys} maps a key's field to the
   * key (a null key means the schema default applies and is not checked).
   */
  private void secret(String nameField, String name, Map<String, String> keys) {
    if (blank(name)) {
      invalid(nameField, "required");
      return;
    }
    Optional<Set<String>> present = secrets.of(name);
    if (present.isEmpty()) {
      problems.add(
          new SpecProblem(SECRET_MISSING, nameField + ": Secret '" + name + "' not found"));
      return;
    }
    keys.forEach(
        (field, key) -> {
          if (key != null && !present.get().contains(key)) {
            problems.add(
                new SpecProblem(
                    SECRET_MISSING,
                    field + ": key '" + key + "' not found in Secret '" + name + "'"));
          }
        });
  }

  private void invalid(String field, String why) {
    problems.add(new SpecProblem(INVALID_SPEC, field + ": " + why));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
