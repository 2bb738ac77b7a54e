package io.cadang.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.TableRows;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.local.SampleData;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.restore.LogicalRestore;
import io.cadang.agent.restore.RestoreReport;
import io.cadang.agent.restore.RestoreRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logical backup and restore on a real PostgreSQL 15 and a real S3 server (s3proxy): every byte
 * comes back, row counts are verified, and targets are protected.
 */
class LogicalRoundTripIT {
  private static final String SOURCE_DB = "shop_rt";
  private static final String SECOND_DB = "crm rt ü";
  private static KeyProvider keys;
  private static Repository repo;
  private static BackupManifest backup;

  @BeforeAll
  static void backUpTwoDatabasesAndGlobals() throws Exception {
    PgTarget server = RealServers.superuser("postgres");
    SampleData.create(server, SOURCE_DB, 300);
    Sql.exec(
        server,
        "CREATE DATABASE \"" + SECOND_DB + "\"",
        "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rt_reader') THEN"
            + " CREATE ROLE rt_reader LOGIN; END IF; END$$");
    Sql.exec(
        server.withDatabase(SECOND_DB),
        "CREATE TABLE \"Kontak\" (id int PRIMARY KEY, \"naïve\" text, blob bytea)",
        "INSERT INTO \"Kontak\" SELECT g, repeat('ß', g % 50), decode(md5(g::text), 'hex')"
            + " FROM generate_series(1, 777) g",
        "GRANT SELECT ON \"Kontak\" TO rt_reader");
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    keys = LocalKeyProvider.fromEnv("K", Map.of("K", Base64.getEncoder().encodeToString(master)));
    RealServers.S3Location bucket = RealServers.newBucket("roundtrip");
    repo = Repositories.open(bucket.uri(), bucket.env());
    backup =
        new LogicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
            .run(
                new BackupRequest(
                    server,
                    List.of(SOURCE_DB, SECOND_DB),
                    true,
                    null,
                    null,
                    new CompressionSettings(1, 2)));
  }

  @AfterAll
  static void closeRepository() throws Exception {
    repo.close();
  }

  @Test
  void manifestRecordsEveryDatabaseWithRowCountsFromTheDumpSnapshot() throws Exception {
    assertEquals(2, backup.databases().size());
    assertEquals(3, backup.objects().size(), "two dumps and globals");
    TableRows customers =
        backup.database(SOURCE_DB).orElseThrow().tables().stream()
            .filter(t -> t.qualifiedName().equals("sales.customers"))
            .findFirst()
            .orElseThrow();
    assertEquals(300, customers.rows());
    TableRows kontak = backup.database(SECOND_DB).orElseThrow().tables().get(0);
    assertEquals(777, kontak.rows());
    assertTrue(backup.objects().stream().allMatch(o -> o.sha256().length() == 64));
    assertTrue(backup.source().pgDumpVersion().contains("15."));
    assertEquals(keys.keyId(), backup.encryption().wrappedKey().keyId());
    assertEquals(backup.backupId(), new BackupCatalog(repo).resolve("latest").backupId());
  }

  @Test
  void restoreIntoNewDatabaseReproducesEveryByte() throws Exception {
    RestoreReport report = restore(SOURCE_DB, "shop_rt_copy", true, false);

    assertTrue(report.verified(), () -> "mismatches: " + report.databases());
    assertEquals(4, report.databases().get(0).tablesChecked());
    PgTarget source = RealServers.superuser(SOURCE_DB);
    PgTarget copy = RealServers.superuser("shop_rt_copy");
    for (String query : ContentQueries.SAMPLE) {
      assertEquals(Sql.text(source, query), Sql.text(copy, query), query);
    }
  }

  @Test
  void restoreOfNonAsciiDatabaseKeepsNamesAndGrants() throws Exception {
    RestoreReport report = restore(SECOND_DB, "crm copy ü", true, false);

    assertTrue(report.verified());
    PgTarget copy = RealServers.superuser("crm copy ü");
    assertEquals(
        Sql.text(
            RealServers.superuser(SECOND_DB),
            "SELECT md5(string_agg(k::text, ',' ORDER BY id)) FROM \"Kontak\" k"),
        Sql.text(copy, "SELECT md5(string_agg(k::text, ',' ORDER BY id)) FROM \"Kontak\" k"));
    assertEquals(
        "true",
        Sql.text(copy, "SELECT has_table_privilege('rt_reader', '\"Kontak\"', 'SELECT')::text"));
  }

  @Test
  void nonEmptyTargetIsRefusedUnlessOverwriting() throws Exception {
    restore(SOURCE_DB, "shop_rt_busy", true, false);
    Sql.exec(RealServers.superuser("shop_rt_busy"), "DELETE FROM sales.orders WHERE id % 2 = 0");

    PgException refused =
        assertThrows(PgException.class, () -> restore(SOURCE_DB, "shop_rt_busy", false, false));
    assertEquals(PgException.Reason.TARGET_NOT_EMPTY, refused.reason());
    assertTrue(refused.getMessage().contains("'shop_rt_busy' is not empty"), refused.getMessage());

    RestoreReport overwritten = restore(SOURCE_DB, "shop_rt_busy", false, true);
    assertTrue(overwritten.verified(), () -> "after overwrite: " + overwritten.databases());
  }

  @Test
  void missingTargetWithoutCreateIsRefusedBeforeAnythingIsWritten() {
    BackupException e =
        assertThrows(
            BackupException.class, () -> restore(SOURCE_DB, "shop_rt_absent", false, false));
    assertTrue(e.getMessage().contains("pass --create"), e.getMessage());
  }

  @Test
  void verificationReportsATableWhoseCountDiffers() throws Exception {
    restore(SOURCE_DB, "shop_rt_tampered", true, false);
    PgTarget tampered = RealServers.superuser("shop_rt_tampered");
    Sql.exec(tampered, "DELETE FROM sales.orders WHERE id <= 3");

    var result =
        io.cadang.agent.restore.RowCountVerifier.verify(
            backup.database(SOURCE_DB).orElseThrow(), tampered);

    assertEquals(1, result.mismatches().size());
    assertEquals("sales.orders", result.mismatches().get(0).table());
    assertEquals(1500, result.mismatches().get(0).expected());
    assertEquals(1497, result.mismatches().get(0).actual());
  }

  @Test
  void globalsRestoreCreatesRolesOnAFreshServer() throws Exception {
    try (var fresh =
        io.cadang.agent.postgres.local.ThrowawayPostgres.start(RealServers.postgres().binDir())) {
      new LogicalRestore(repo, keys, Duration.ofSeconds(10))
          .run(
              new RestoreRequest(
                  backup.backupId(),
                  List.of(SECOND_DB),
                  fresh.target("postgres"),
                  null,
                  true,
                  false,
                  2,
                  true,
                  false,
                  true,
                  null,
                  null));
      assertEquals(
          "1",
          Sql.text(
              fresh.target("postgres"),
              "SELECT count(*) FROM pg_roles WHERE rolname = 'rt_reader'"));
      assertEquals("777", Sql.text(fresh.target(SECOND_DB), "SELECT count(*) FROM \"Kontak\""));
    }
  }

  @Test
  void allNonTemplateDatabasesAreCoveredWhenNoneAreNamed() throws Exception {
    RealServers.S3Location bucket = RealServers.newBucket("alldbs");
    try (Repository all = Repositories.open(bucket.uri(), bucket.env())) {
      BackupManifest m =
          new LogicalBackup(all, keys, Clock.systemUTC(), Duration.ofSeconds(10))
              .run(
                  new BackupRequest(
                      RealServers.superuser("postgres"),
                      List.of(),
                      false,
                      null,
                      null,
                      new CompressionSettings(1, 2)));
      List<String> names = m.databases().stream().map(BackupManifest.DatabaseEntry::name).toList();
      assertTrue(names.containsAll(List.of("postgres", SOURCE_DB, SECOND_DB)), names.toString());
      assertFalse(names.contains("template1"));
      assertFalse(names.contains("template0"));
    }
  }

  private static RestoreReport restore(
      String sourceDb, String targetDb, boolean create, boolean overwrite) throws Exception {
    return new LogicalRestore(repo, keys, Duration.ofSeconds(10))
        .run(
            new RestoreRequest(
                backup.backupId(),
                List.of(sourceDb),
                RealServers.superuser("postgres"),
                targetDb,
                create,
                overwrite,
                2,
                false,
                false,
                true,
                null,
                null));
  }
}
