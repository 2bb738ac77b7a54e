package io.cadang.controller.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.Encryption;
import io.cadang.api.v1alpha1.SecretKeyRef;
import io.cadang.api.v1alpha1.VaultAuth;
import io.cadang.api.v1alpha1.VaultTransit;
import io.cadang.controller.testing.Fixtures;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {
  private final Map<String, Set<String>> secrets =
      new java.util.HashMap<>(
          Map.of(
              "pg-credentials", Set.of("username", "password"),
              "s3-credentials", Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
              "master-key", Set.of("key"),
              "vault-token", Set.of("token")));

  private PolicyCheck check(BackupPolicySpec spec) {
    return PolicyValidator.check(spec, name -> Optional.ofNullable(secrets.get(name)));
  }

  private static BackupPolicySpec valid() {
    return Fixtures.policy("p", "http://s3", "b").getSpec();
  }

  private static void assertOnlyProblem(PolicyCheck check, ConditionReason reason, String message) {
    assertEquals(1, check.problems().size(), check.problems().toString());
    assertEquals(new SpecProblem(reason, message), check.problems().get(0));
  }

  @Test
  void aValidSpecHasASchedule() {
    PolicyCheck check = check(valid());
    assertTrue(check.ready(), check.problems().toString());
    assertEquals("UTC", check.schedule().zone().getId());
  }

  @Test
  void hourOutOfRangeNamesTheScheduleField() {
    BackupPolicySpec spec = valid();
    spec.setSchedule("0 25 * * *");
    PolicyCheck check = check(spec);
    assertNull(check.schedule());
    assertEquals(ConditionReason.INVALID_SCHEDULE, check.problems().get(0).reason());
    String message = check.problems().get(0).message();
    assertTrue(message.startsWith("spec.schedule '0 25 * * *': "), message);
    assertTrue(message.contains("25"), message);
  }

  @Test
  void unknownTimeZoneNamesTheTimeZoneField() {
    BackupPolicySpec spec = valid();
    spec.setTimeZone("Mars/Olympus");
    PolicyCheck check = check(spec);
    assertNull(check.schedule());
    assertOnlyProblem(
        check,
        ConditionReason.INVALID_TIME_ZONE,
        "spec.timeZone: 'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin, Asia/Jakarta)");
  }

  @Test
  void fixedOffsetIsNotATimeZone() {
    BackupPolicySpec spec = valid();
    spec.setTimeZone("+07:00");
    assertEquals(ConditionReason.INVALID_TIME_ZONE, check(spec).problems().get(0).reason());
  }

  @Test
  void missingPostgresSecretNamesItsField() {
    secrets.remove("pg-credentials");
    PolicyCheck check = check(valid());
    assertOnlyProblem(
        check,
        ConditionReason.SECRET_MISSING,
        "spec.source.postgres.credentialsSecret.name: Secret 'pg-credentials' not found");
    assertNotNull(check.schedule(), "the schedule itself is fine");
    assertTrue(!check.schedulable());
  }

  @Test
  void missingKeyInStorageSecretNamesTheKeyField() {
    secrets.put("s3-credentials", Set.of("AWS_ACCESS_KEY_ID"));
    assertOnlyProblem(
        check(valid()),
        ConditionReason.SECRET_MISSING,
        "spec.storage.primary.s3.credentialsSecret.secretAccessKeyKey: key 'AWS_SECRET_ACCESS_KEY'"
            + " not found in Secret 's3-credentials'");
  }

  @Test
  void missingEncryptionSecretNamesItsField() {
    secrets.remove("master-key");
    assertOnlyProblem(
        check(valid()),
        ConditionReason.SECRET_MISSING,
        "spec.encryption.secretKey.name: Secret 'master-key' not found");
  }

  @Test
  void vaultTokenSecretIsChecked() {
    BackupPolicySpec spec = valid();
    VaultTransit vault = new VaultTransit();
    vault.setAddress("https://vault:8200");
    vault.setKey("cadang");
    VaultAuth auth = new VaultAuth();
    SecretKeyRef token = new SecretKeyRef();
    token.setName("no-such-token");
    token.setKey("token");
    auth.setTokenSecret(token);
    vault.setAuth(auth);
    Encryption encryption = new Encryption();
    encryption.setVault(vault);
    spec.setEncryption(encryption);
    assertOnlyProblem(
        check(spec),
        ConditionReason.SECRET_MISSING,
        "spec.encryption.vault.auth.tokenSecret.name: Secret 'no-such-token' not found");
  }

  @Test
  void nullsTheSchemaWouldRefuseAreInvalidSpecNamingTheField() {
    BackupPolicySpec spec = valid();
    spec.setSource(null);
    spec.setStorage(null);
    spec.setEncryption(null);
    PolicyCheck check = check(spec);
    assertEquals(
        java.util.List.of(
            new SpecProblem(ConditionReason.INVALID_SPEC, "spec.source: required"),
            new SpecProblem(ConditionReason.INVALID_SPEC, "spec.storage: required"),
            new SpecProblem(ConditionReason.INVALID_SPEC, "spec.encryption: required")),
        check.problems());
    assertEquals(
        "spec.source: required; spec.storage: required; spec.encryption: required",
        check.readyProblem().orElseThrow().message());
  }

  @Test
  void bothKeyProvidersAreRefused() {
    BackupPolicySpec spec = valid();
    spec.getEncryption().setVault(new VaultTransit());
    assertOnlyProblem(
        check(spec),
        ConditionReason.INVALID_SPEC,
        "spec.encryption: set exactly one of vault and secretKey");
  }

  @Test
  void negativeRetentionCountIsRefused() {
    BackupPolicySpec spec = valid();
    spec.getRetention().setKeepLast(-1);
    assertOnlyProblem(
        check(spec),
        ConditionReason.INVALID_SPEC,
        "spec.retention: keepLast must not be negative, got -1");
  }

  @Test
  void missingSpecIsInvalid() {
    assertOnlyProblem(check(null), ConditionReason.INVALID_SPEC, "spec: required");
  }
}
