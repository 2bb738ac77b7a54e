package io.cadang.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.Sql;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.TableRows;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.VerifyDepth;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.restore.LogicalRestore;
import io.cadang.agent.restore.RestoreReport;
import io.cadang.agent.restore.RestoreRequest;
import io.cadang.agent.restore.RowCountVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Content checksums on a real PostgreSQL 15: recorded in the dump's snapshot for every table,
 * identical after a faithful restore whatever the types (no key, NULLs, bytea, jsonb, arrays,
 * collations, partitions, time zones), and a value changed with the same row count is named.
 */
class ContentChecksumIT {
  private static final String DB = "checksums_src";
  private static KeyProvider keys;
  private static Repository repo;
  private static BackupManifest backup;

  @BeforeAll
  static void backUpAwkwardTables() throws Exception {
    PgTarget server = RealServers.superuser("postgres");
    Sql.exec(server, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
    Sql.exec(
        server.withDatabase(DB),
        "CREATE TABLE no_key (v text, n numeric, f float8)",
        "INSERT INTO no_key SELECT CASE WHEN g % 7 = 0 THEN NULL ELSE 'r' || g END, g / 3.0,"
            + " g * 0.1 FROM generate_series(1, 500) g",
        "INSERT INTO no_key SELECT 'dup', 1, 1 FROM generate_series(1, 3)",
        "CREATE TABLE typed (id int PRIMARY KEY, b bytea, j jsonb, a int[], t text COLLATE \"C\","
            + " ts timestamptz, iv interval, m money)",
        "INSERT INTO typed SELECT g, decode(md5(g::text), 'hex'), jsonb_build_object('k', g,"
            + " 'l', jsonb_build_array(g, null, 'x')), ARRAY[g, g + 1, NULL],"
            + " 'zeichen-' || g, timestamptz '2026-03-29 01:30:00+01' + g * interval '17 min',"
            + " g * interval '1 day 3 hours', g * 1.25 FROM generate_series(1, 400) g",
        "CREATE TABLE part (id int, region text) PARTITION BY LIST (region)",
        "CREATE TABLE part_eu PARTITION OF part FOR VALUES IN ('eu')",
        "CREATE TABLE part_asia PARTITION OF part FOR VALUES IN ('asia')",
        "INSERT INTO part SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'asia' END"
            + " FROM generate_series(1, 200) g",
        "CREATE TABLE empty_one (id int)");
    // The source's session defaults differ from the restore's: checksums must not depend on them.
    Sql.exec(
        server,
        "ALTER DATABASE " + DB + " SET TimeZone = 'Asia/Jakarta'",
        "ALTER DATABASE " + DB + " SET DateStyle = 'SQL, DMY'");
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    keys = LocalKeyProvider.fromBytes(master);
    RealServers.S3Location bucket = RealServers.newBucket("checksums");
    repo = Repositories.open(bucket.uri(), bucket.env());
    backup =
        new LogicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
            .run(
                new BackupRequest(
                    server,
                    List.of(DB),
                    false,
                    null,
                    null,
                    new CompressionSettings(1, 2),
                    VerifyDepth.CHECKSUMS));
  }

  @AfterAll
  static void closeRepository() throws Exception {
    repo.close();
  }

  @Test
  void everyTableHasAChecksumAndTheLeafPartitionsAreCountedOnce() {
    List<TableRows> tables = backup.database(DB).orElseThrow().tables();
    assertEquals(
        List.of(
            "public.empty_one",
            "public.no_key",
            "public.part_asia",
            "public.part_eu",
            "public.typed"),
        tables.stream().map(TableRows::qualifiedName).toList());
    // A UTF8 database: digested from the dump stream, no second scan.
    assertTrue(
        tables.stream().allMatch(t -> t.checksum().startsWith("copycrc32c:")), tables.toString());
    assertEquals("copycrc32c:00000000/0", tables.get(0).checksum(), "an empty table");
  }

  @Test
  void aDatabaseInAnotherEncodingHashesRowsInSqlAndStillVerifies() throws Exception {
    PgTarget server = RealServers.superuser("postgres");
    Sql.exec(
        server,
        "DROP DATABASE IF EXISTS checksums_latin1",
        "CREATE DATABASE checksums_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
            + " TEMPLATE template0");
    Sql.exec(
        server.withDatabase("checksums_latin1"),
        "CREATE TABLE words (id int PRIMARY KEY, w text)",
        "INSERT INTO words SELECT g, 'Gr' || chr(252) || chr(223) || 'e ' || g"
            + " FROM generate_series(1, 50) g");
    BackupManifest latin1 =
        new LogicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
            .run(
                new BackupRequest(
                    server,
                    List.of("checksums_latin1"),
                    false,
                    null,
                    null,
                    new CompressionSettings(1, 1),
                    VerifyDepth.CHECKSUMS));
    TableRows words = latin1.database("checksums_latin1").orElseThrow().tables().get(0);
    assertTrue(words.checksum().startsWith("rowhash64sum:"), words.toString());

    RestoreReport report =
        new LogicalRestore(repo, keys, Duration.ofSeconds(10))
            .run(
                new RestoreRequest(
                    latin1.backupId(),
                    List.of("checksums_latin1"),
                    server,
                    "checksums_latin1_copy",
                    true,
                    true,
                    1,
                    false,
                    false,
                    true,
                    null,
                    null));
    assertTrue(report.verified(), () -> "mismatches: " + report.databases());
    assertEquals(1, report.databases().get(0).checksumsChecked());
  }

  @Test
  void aFaithfulRestoreMatchesEveryChecksumAndAChangedValueWithTheSameCountIsNamed()
      throws Exception {
    RestoreReport report =
        new LogicalRestore(repo, keys, Duration.ofSeconds(10))
            .run(
                new RestoreRequest(
                    backup.backupId(),
                    List.of(DB),
                    RealServers.superuser("postgres"),
                    "checksums_copy",
                    true,
                    true,
                    2,
                    false,
                    false,
                    true,
                    null,
                    null));
    assertTrue(report.verified(), () -> "mismatches: " + report.databases());
    assertEquals(5, report.databases().get(0).checksumsChecked());

    // A restore that altered one value keeps every count: only the checksum tells.
    PgTarget copy = RealServers.superuser("checksums_copy");
    Sql.exec(copy, "UPDATE typed SET j = j || '{\"k\": -1}' WHERE id = 200");
    RestoreReport.DatabaseResult tampered =
        RowCountVerifier.verify(backup.database(DB).orElseThrow(), copy);

    assertEquals(1, tampered.mismatches().size(), tampered.toString());
    RestoreReport.Mismatch m = tampered.mismatches().get(0);
    assertEquals("public.typed", m.table());
    assertEquals(400, m.actual());
    assertEquals(
        "public.typed: content checksum differs with the same 400 rows: values were changed, not"
            + " only rows lost or added",
        m.describe());
  }

  @Test
  void aDrillDropsTheDatabaseItCreatedOnceVerified() throws Exception {
    RestoreReport report =
        new LogicalRestore(repo, keys, Duration.ofSeconds(10))
            .run(
                new RestoreRequest(
                    backup.backupId(),
                    List.of(DB),
                    RealServers.superuser("postgres"),
                    "checksums_drill",
                    true,
                    false,
                    2,
                    false,
                    false,
                    true,
                    null,
                    null,
                    VerifyDepth.CHECKSUMS,
                    true,
                    List.of()));

    assertTrue(report.verified(), () -> "mismatches: " + report.databases());
    assertEquals(
        "0",
        Sql.text(
            RealServers.superuser("postgres"),
            "SELECT count(*) FROM pg_database WHERE datname = 'checksums_drill'"),
        "the scratch copy is gone, so the next drill finds its target empty");
  }

  @Test
  void countsDepthRecordsNoChecksum() throws Exception {
    BackupManifest counted =
        new LogicalBackup(repo, keys, Clock.systemUTC(), Duration.ofSeconds(10))
            .run(
                new BackupRequest(
                    RealServers.superuser("postgres"),
                    List.of(DB),
                    false,
                    null,
                    null,
                    new CompressionSettings(1, 1),
                    VerifyDepth.COUNTS));
    List<TableRows> tables = counted.database(DB).orElseThrow().tables();
    assertFalse(tables.isEmpty());
    tables.forEach(t -> assertNull(t.checksum(), t.qualifiedName()));
    assertEquals(503, tables.get(1).rows());
  }
}
