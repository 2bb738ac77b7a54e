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

  @ParameterizedTest
  @CsvSource({
    "seed-000-pitr.yaml,          backuppolicies",
    "restore-scenario-a-point-in-time.yaml, restorerequests",
    "restore-scenario-b-latest-new-server.yaml, restorerequests",
    "seed-000-daily-logical.yaml, backuppolicies",
    "seed-003-luxima-db.yaml,     backuppolicies",
    "on-demand-backuprun.yaml,    backupruns",
    "restore-latest.yaml,         restorerequests"
  })
  void exampleSpecFitsTheGeneratedSchema(String example, String plural) throws IOException {
    JsonNode spec = STRICT.readTree(file(example).toFile()).get("spec");

    assertEquals(List.of(), SchemaConformance.problems(spec, specSchema(plural)), example);
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
