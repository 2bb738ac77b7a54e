package io.cadang.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests users copy from {@code examples/} fit the model (no unknown field) and the
 * generated schema, and say what the seed plans ask for.
 */
class ExamplesParseTest {
  /** Strict: a misspelled field in an example is an error, as it would be for the API server. */
  private static final ObjectMapper STRICT =
      GeneratedCrds.YAML.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void seed000BacksUpDailyAt0200ToInfrequentAccessStorageInTwoRegions() throws IOException {
    BackupPolicy policy = load("seed-000-daily-logical.yaml", BackupPolicy.class);
    BackupPolicySpec spec = policy.getSpec();

    assertEquals("0 2 * * *", spec.getSchedule());
    assertEquals(List.of("app"), spec.getSource().getPostgres().getDatabases());
    assertEquals(BackupMethod.LOGICAL, spec.getMethod());
    assertEquals("STANDARD_IA", spec.getStorage().getPrimary().getS3().getStorageClass());
    assertEquals("STANDARD_IA", spec.getStorage().getPrimary().getS3().getStorageClass());
    assertEquals("cadang-master-key", spec.getEncryption().getSecretKey().getName());
    assertNull(spec.getEncryption().getVault());
    assertEquals(14, spec.getRetention().getKeepDaily());
    assertEquals(4, spec.getRetention().getKeepWeekly());
    assertEquals(12, spec.getRetention().getKeepMonthly());
    assertEquals(new Quantity("1Gi"), spec.getJob().getResources().getLimits().get("memory"));
  }

  @Test
  void seed003BacksUpAt0300JakartaTimeFor30DaysWithVaultTransitKeys() throws IOException {
    BackupPolicySpec spec = load("seed-003-luxima-db.yaml", BackupPolicy.class).getSpec();

    assertEquals("0 3 * * *", spec.getSchedule());
    assertEquals("Asia/Jakarta", spec.getTimeZone());
    assertEquals(30, spec.getRetention().getKeepDaily());
    assertEquals("db", spec.getStorage().getPrimary().getS3().getPrefix());
    VaultTransit vault = spec.getEncryption().getVault();
    assertEquals("luxima-backups", vault.getKey());
    assertEquals("transit", vault.getTransitMount(), "default mount");
    assertEquals("backup_admin", vault.getAuth().getKubernetes().getRole());
    assertEquals("kubernetes", vault.getAuth().getKubernetes().getMount(), "default mount");
    assertEquals(5432, spec.getSource().getPostgres().getPort(), "default port");
  }

  @Test
  void immutableBackupsLockEveryRepositoryAndDeleteWithTheOperatorsKeyOnly() throws IOException {
    BackupPolicySpec spec = load("immutable-backups.yaml", BackupPolicy.class).getSpec();

    Repository primary = spec.getStorage().getPrimary();
    assertEquals(ObjectLockMode.COMPLIANCE, primary.getObjectLock().getMode());
    assertNull(primary.getObjectLock().getRetainFor(), "derived from keepDaily");
    assertEquals("1d", primary.getObjectLock().getMargin(), "default margin");
    assertEquals("backup-s3-writer", primary.getS3().getCredentialsSecret().getName());
    assertEquals("backup-s3-pruner", primary.getS3().getDeleteCredentialsSecret().getName());
    Repository replica = spec.getStorage().getReplicas().get(0);
    assertEquals(ObjectLockMode.COMPLIANCE, replica.getObjectLock().getMode());
    assertEquals("dr-pruner", replica.getS3().getDeleteCredentialsSecret().getName());
    assertEquals("24h", spec.getStorage().getReplicaDeletionDelay());
    assertEquals(30, spec.getRetention().getKeepDaily());
  }

  @Test
  void onDemandBackupRunNamesItsPolicy() throws IOException {
    BackupRun run = load("on-demand-backuprun.yaml", BackupRun.class);

    assertEquals("app-db-daily", run.getSpec().getPolicyRef().getName());
    assertEquals(BackupTrigger.MANUAL, run.getSpec().getTrigger());
    assertNull(run.getStatus());
  }

  @Test
  void restoreLatestRestoresThePolicysNewestBackupAndVerifiesIt() throws IOException {
    RestoreRequestSpec spec = load("restore-latest.yaml", RestoreRequest.class).getSpec();

    assertEquals("app-db-daily", spec.getSource().getPolicy());
    assertNull(spec.getSource().getBackupRun());
    assertEquals("app", spec.getTarget().getSourceDatabase());
    assertTrue(spec.getTarget().getDatabase().getCreateDatabase());
    assertEquals(false, spec.getTarget().getDatabase().getOverwrite(), "default");
    assertTrue(spec.getVerify());
    assertEquals(RestoreMode.RESTORE, spec.getMode());
    assertEquals(List.of("app-api", "app-worker"), spec.getQuiesce().getDeployments());
    assertEquals(4, spec.getJobs());
  }

  @Test
  void seed000PitrArchivesWalWithAFiveMinuteRpoOnDailyBaseBackups() throws IOException {
    BackupPolicySpec spec = load("seed-000-pitr.yaml", BackupPolicy.class).getSpec();

    assertEquals(BackupMethod.PHYSICAL, spec.getMethod());
    assertEquals("0 2 * * *", spec.getSchedule());
    assertTrue(spec.getPitr().getEnabled());
    assertEquals("5m", spec.getPitr().getTargetRpo());
    assertEquals("10s", spec.getPitr().getPartialUploadInterval());
    assertNull(spec.getPitr().getSlotName(), "derived from the policy name");
    assertTrue(spec.getSource().getPostgres().getAllDatabases());
  }

  @Test
  void scenarioARecoversAPointInTimeIntoAClaimForInspection() throws IOException {
    RestoreRequestSpec spec =
        load("restore-scenario-a-point-in-time.yaml", RestoreRequest.class).getSpec();

    assertEquals("app-db-pitr", spec.getSource().getPolicy());
    assertEquals("2026-11-21T14:03:12Z", spec.getSource().getPointInTime().getTime());
    assertEquals("app-db-before-drop", spec.getTarget().getDataDirectory().getClaimName());
    assertNull(spec.getTarget().getDatabase());
  }

  @Test
  void scenarioBRecoversTheLatestPointIntoAClaimForANewServer() throws IOException {
    RestoreRequestSpec spec =
        load("restore-scenario-b-latest-new-server.yaml", RestoreRequest.class).getSpec();

    assertTrue(spec.getSource().getPointInTime().getLatest());
    assertEquals("app-db-new-data", spec.getTarget().getDataDirectory().getClaimName());
    assertEquals("pgdata", spec.getTarget().getDataDirectory().getSubPath());
    assertNull(spec.getTarget().getDatabase());
  }

  /** Every file in examples/, so a new example cannot skip the schema check. */
  static List<String> allExamples() throws IOException {
    try (var files = java.nio.file.Files.list(GeneratedCrds.examplesDir())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest
  @MethodSource("allExamples")
  void everyExampleFitsTheModelAndTheGeneratedSchema(String example) throws IOException {
    JsonNode manifest = STRICT.readTree(file(example).toFile());
    String kind = manifest.path("kind").asText();
    Class<?> type =
        switch (kind) {
          case "BackupPolicy" -> BackupPolicy.class;
          case "BackupRun" -> BackupRun.class;
          case "RestoreRequest" -> RestoreRequest.class;
          default -> throw new AssertionError(example + ": unexpected kind " + kind);
        };
    STRICT.treeToValue(manifest, type); // strict: no unknown field anywhere
    String plural =
        switch (kind) {
          case "BackupPolicy" -> "backuppolicies";
          case "BackupRun" -> "backupruns";
          default -> "restorerequests";
        };

    assertEquals(
        List.of(), SchemaConformance.problems(manifest.get("spec"), specSchema(plural)), example);
  }

  @Test
  void theExamplesAreTheOnesTheDocsName() throws IOException {
    assertEquals(
        List.of(
            "drill-by-hand.yaml",
            "immutable-backups.yaml",
            "on-demand-backuprun.yaml",
            "restore-by-backup-id.yaml",
            "restore-configs-dry-run.yaml",
            "restore-files-into-claim.yaml",
            "restore-from-replica.yaml",
            "restore-latest.yaml",
            "restore-scenario-a-point-in-time.yaml",
            "restore-scenario-b-latest-new-server.yaml",
            "seed-000-daily-logical.yaml",
            "seed-000-pitr.yaml",
            "seed-003-luxima-configs.yaml",
            "seed-003-luxima-db.yaml",
            "seed-003-luxima-files.yaml",
            "seed-003-luxima-snapshots.yaml"),
        allExamples());
  }

  @Test
  void seed000CopiesEveryBackupToASecondRegion() throws IOException {
    Storage storage =
        load("seed-000-daily-logical.yaml", BackupPolicy.class).getSpec().getStorage();

    assertEquals(1, storage.getReplicas().size());
    Repository dr = storage.getReplicas().get(0);
    assertEquals("dr-frankfurt", dr.getName());
    assertEquals("eu-central-2", dr.getS3().getRegion());
    assertEquals("backup-s3-dr", dr.getS3().getCredentialsSecret().getName());
    assertFalse(dr.getS3().getRegion().equals(storage.getPrimary().getS3().getRegion()));
  }

  @Test
  void seed003UploadsDailyFor30DaysFromTheClaimWithABackupLog() throws IOException {
    BackupPolicySpec spec = load("seed-003-luxima-files.yaml", BackupPolicy.class).getSpec();

    assertEquals("30 3 * * *", spec.getSchedule());
    assertEquals("luxima-storage", spec.getSource().getFiles().getClaimName());
    assertEquals(List.of("uploads"), spec.getSource().getFiles().getPaths());
    assertNull(spec.getSource().getPostgres());
    assertEquals(30, spec.getRetention().getKeepDaily());
    assertEquals("internal.backup_logs", spec.getBackupLog().getTable(), "default table");
    assertEquals(5432, spec.getBackupLog().getPort(), "default port");
  }

  @Test
  void seed003ConfigsWeeklyFor90DaysIntoGit() throws IOException {
    BackupPolicySpec spec = load("seed-003-luxima-configs.yaml", BackupPolicy.class).getSpec();

    assertEquals("0 4 * * 0", spec.getSchedule(), "Sundays");
    assertEquals(13, spec.getRetention().getKeepWeekly(), "13 weeks = 91 days");
    ConfigsSource configs = spec.getSource().getConfigs();
    assertTrue(
        configs.getResources().stream()
            .anyMatch(r -> r.getApiVersion().equals("cert-manager.io/v1")));
    assertEquals("app=luxima", configs.getLabelSelector());
    assertEquals("clusters/production", configs.getGit().getPath());
    assertEquals("token", configs.getGit().getCredentialsSecret().getTokenKey());
    assertEquals("cadang", configs.getGit().getAuthorName(), "default author");
    assertEquals("luxima-config-reader", spec.getJob().getServiceAccountName());
  }

  @Test
  void seed003SnapshotsWeeklyKeepingTwoWithoutARepository() throws IOException {
    BackupPolicySpec spec = load("seed-003-luxima-snapshots.yaml", BackupPolicy.class).getSpec();

    assertEquals("0 2 * * 6", spec.getSchedule(), "Saturdays");
    assertEquals(2, spec.getSource().getVolumeSnapshots().getKeep());
    assertEquals(
        List.of("luxima-vm-root", "luxima-vm-data"),
        spec.getSource().getVolumeSnapshots().getClaims());
    assertNull(spec.getStorage());
    assertNull(spec.getEncryption());
    assertNull(spec.getRetention());
  }

  @Test
  void seed003DatabaseWritesTheBackupLog() throws IOException {
    BackupPolicySpec spec = load("seed-003-luxima-db.yaml", BackupPolicy.class).getSpec();

    assertEquals("internal.backup_logs", spec.getBackupLog().getTable());
    assertEquals("backup-log-writer", spec.getBackupLog().getCredentialsSecret().getName());
  }

  @Test
  void restoresOfFilesConfigsAndFromAReplica() throws IOException {
    RestoreRequestSpec files =
        load("restore-files-into-claim.yaml", RestoreRequest.class).getSpec();
    assertEquals("luxima-storage-restored", files.getTarget().getFiles().getClaimName());
    assertEquals("restored", files.getTarget().getFiles().getSubPath());
    assertEquals(false, files.getTarget().getFiles().getOverwrite(), "default");

    RestoreRequestSpec configs =
        load("restore-configs-dry-run.yaml", RestoreRequest.class).getSpec();
    assertTrue(configs.getTarget().getConfigs().getDryRun());
    assertEquals(List.of("luxima"), configs.getTarget().getConfigs().getNamespaces());

    RestoreRequestSpec dr = load("restore-from-replica.yaml", RestoreRequest.class).getSpec();
    assertEquals("dr-frankfurt", dr.getSource().getRepository());
    assertEquals("app-db-daily", dr.getSource().getPolicy());
    BackupPolicy seed000 = load("seed-000-daily-logical.yaml", BackupPolicy.class);
    assertEquals(seed000.getMetadata().getName(), dr.getSource().getPolicy());
    assertEquals(
        seed000.getSpec().getStorage().getReplicas().get(0).getName(),
        dr.getSource().getRepository(),
        "names a replica the policy has");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "schedule                          | '@daily'                      | .schedule",
        "timeZone                          | 'Asia Jakarta'                | .timeZone",
        "source.postgres.port              | 70000                         | .source.postgres.port",
        "storage.primary.s3.endpoint       | 'https://key:secret@minio:9000' | .storage.primary.s3.endpoint",
        "storage.primary.s3.prefix         | '/db/'                        | .storage.primary.s3.prefix",
        "storage.primary.name              | 'Primary_1'                   | .storage.primary.name",
        "retention.keepDaily               | -1                            | .retention.keepDaily",
        "source.postgres.sslMode           | 'on'                          | .source.postgres.sslMode"
      })
  void schemaRejectsMalformedValues(String field, String yamlValue, String expectedPath)
      throws IOException {
    JsonNode spec = STRICT.readTree(file("seed-003-luxima-db.yaml").toFile()).get("spec");
    String[] steps = field.split("\\.");
    JsonNode parent = spec;
    for (int i = 0; i < steps.length - 1; i++) {
      parent = parent.get(steps[i]);
    }
    ((ObjectNode) parent).set(steps[steps.length - 1], STRICT.readTree(yamlValue));

    List<String> problems = SchemaConformance.problems(spec, specSchema("backuppolicies"));

    assertFalse(problems.isEmpty(), field + ": " + yamlValue + " was accepted");
    assertTrue(
        problems.stream().allMatch(p -> p.startsWith(expectedPath + ":")), problems.toString());
  }

  @Test
  void aMisspelledFieldIsRejected() {
    String yaml =
        "apiVersion: cadang.io/v1alpha1\nkind: BackupPolicy\nmetadata: {name: x}\n"
            + "spec:\n  schedule: '0 2 * * *'\n  retention: {keepDayly: 14}\n";

    assertThrows(
        UnrecognizedPropertyException.class, () -> STRICT.readValue(yaml, BackupPolicy.class));
  }

  private static JSONSchemaProps specSchema(String plural) {
    return GeneratedCrds.load(plural)
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }

  private static <T> T load(String example, Class<T> type) throws IOException {
    return STRICT.readValue(file(example).toFile(), type);
  }

  private static Path file(String example) {
    return GeneratedCrds.examplesDir().resolve(example);
  }
}
