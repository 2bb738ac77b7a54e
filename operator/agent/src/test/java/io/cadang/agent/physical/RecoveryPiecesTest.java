package io.cadang.agent.physical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.keys.KeyOptions;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of recovery: choosing the base backup, the window, settings and logs. */
class RecoveryPiecesTest {
  private static final Instant T0 = Instant.parse("2026-11-20T02:00:41Z");
  private static final Instant T1 = Instant.parse("2026-11-21T02:00:41Z");

  @TempDir Path dir;

  @Test
  void choosesTheNewestBackupThatEndsBeforeTheTarget() throws Exception {
    List<BackupManifest> backups =
        List.of(physical("b1", T0, "0/3000100"), physical("b2", T1, "0/9000100"));
    WalStatus archive = archive(Instant.parse("2026-11-21T10:00:05Z"), "7312");

    assertEquals(
        "b1",
        RecoveryPlanner.choose(backups, null, RecoveryTarget.time(T1.minusSeconds(1)), archive)
            .backupId());
    assertEquals(
        "b2", RecoveryPlanner.choose(backups, null, RecoveryTarget.time(T1), archive).backupId());
    assertEquals(
        "b1",
        RecoveryPlanner.choose(backups, null, RecoveryTarget.lsn(Lsn.parse("0/8000000")), archive)
            .backupId());
    assertEquals(
        "b2", RecoveryPlanner.choose(backups, null, RecoveryTarget.latest(), archive).backupId());
  }

  @Test
  void aTargetOutsideTheWindowNamesTheWindow() {
    List<BackupManifest> backups = List.of(physical("b1", T0, "0/3000100"));
    WalStatus archive = archive(Instant.parse("2026-11-21T10:00:05Z"), "7312");

    RecoveryException early =
        assertThrows(
            RecoveryException.class,
            () ->
                RecoveryPlanner.choose(
                    backups,
                    null,
                    RecoveryTarget.time(Instant.parse("2026-11-20T01:00:00Z")),
                    archive));
    assertEquals(
        "target 2026-11-20T01:00:00Z is outside the recovery window 2026-11-20T02:00:41Z …"
            + " 2026-11-21T10:00:05Z",
        early.getMessage());
    assertThrows(
        RecoveryException.class,
        () ->
            RecoveryPlanner.choose(
                backups,
                null,
                RecoveryTarget.time(Instant.parse("2026-11-22T00:00:00Z")),
                archive));
  }

  @Test
  void backupsOfAnotherSystemAreNotCandidates() {
    List<BackupManifest> backups = List.of(physical("b1", T0, "0/3000100"));
    RecoveryException e =
        assertThrows(
            RecoveryException.class,
            () ->
                RecoveryPlanner.choose(
                    backups, null, RecoveryTarget.latest(), archive(T1, "9999")));
    assertTrue(e.getMessage().contains("no physical base backup of system 9999"), e.getMessage());
  }

  @Test
  void restoreCommandQuotesForTheShellAndPostgresPlaceholders() throws Exception {
    Path keyFile = dir.resolve("k");
    Files.writeString(keyFile, "c2VjcmV0LWtleS1tYXRlcmlhbC0zMi1ieXRlcy4uLi4=\n");
    WalFetchInvocation w =
        WalFetchInvocation.build(
            List.of("/opt/my java/bin/java", "-cp", "/a b/x.jar", "io.cadang.app.CadangMain"),
            "s3://bucket/pre%20fix?endpoint=http://h:9000&region=x",
            KeyOptions.localFile(keyFile),
            Map.of(
                "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "SECRET", "PGPASSWORD", "pw"),
            Path.of("/tmp/it's spool"));

    assertEquals(
        "'/opt/my java/bin/java' '-cp' '/a b/x.jar' 'io.cadang.app.CadangMain' 'wal-fetch'"
            + " '--repo' 's3://bucket/pre%%20fix?endpoint=http://h:9000&region=x'"
            + " '--spool-dir' '/tmp/it'\\''s spool' '--key-env' 'CADANG_WAL_FETCH_MASTER_KEY' %f %p",
        w.command());
    assertTrue(!w.command().contains("c2VjcmV0") && !w.command().contains("SECRET"));
    assertEquals(
        Map.of(
            "AWS_ACCESS_KEY_ID", "AKID",
            "AWS_SECRET_ACCESS_KEY", "SECRET",
            "CADANG_WAL_FETCH_MASTER_KEY", "c2VjcmV0LWtleS1tYXRlcmlhbC0zMi1ieXRlcy4uLi4="),
        w.environment());
    assertEquals(
        "restore_command = 'a ''b'' c\\\\d'\n",
        RecoverySettings.setting("restore_command", "a 'b' c\\d"));
    assertEquals(
        "2026-11-21 14:03:12.123456+00",
        RecoverySettings.postgresTime(Instant.parse("2026-11-21T14:03:12.123456789Z")));
  }

  @Test
  void theServerLogTellsWhereRecoveryStopped() {
    RecoveryLog log =
        RecoveryLog.parse(
            """
            2026-11-21 20:23:11.424 UTC [1] LOG:  restored log file "000000010000000000000002" from archive
            2026-11-21 20:23:11.900 UTC [1] LOG:  restored log file "000000010000000000000003" from archive
            2026-11-21 20:23:12.000 UTC [1] LOG:  recovery stopping before commit of transaction 745, time 2026-11-21 20:23:09.123456+01
            2026-11-21 20:23:12.001 UTC [1] LOG:  last completed transaction was at log time 2026-11-21 20:23:07.5+00
            2026-11-21 20:23:12.100 UTC [1] LOG:  selected new timeline ID: 2
            """);
    assertEquals(Instant.parse("2026-11-21T19:23:09.123456Z"), log.stoppedBefore());
    assertEquals(Instant.parse("2026-11-21T20:23:07.5Z"), log.lastTransaction());
    assertEquals(2, log.newTimeline());
    assertEquals(2, log.segmentsRestored());
    assertNull(log.fatal());
    assertEquals(
        "requested recovery stop point is before consistent recovery point",
        RecoveryLog.parse(
                "x FATAL:  requested recovery stop point is before consistent recovery point\n"
                    + "y LOG:  startup process (PID 9) exited with exit code 1\n")
            .fatal());
  }

  @Test
  void pgBaseBackupsReportIsParsed() {
    BaseBackupLog log =
        BaseBackupLog.parse(
            "pg_basebackup: write-ahead log start point: 0/2000028 on timeline 3\n"
                + "pg_basebackup: write-ahead log end point: 0/2000100\n");
    assertEquals(new BaseBackupLog(Lsn.parse("0/2000028"), 3, Lsn.parse("0/2000100")), log);
  }

  private static BackupManifest physical(String id, Instant stoppedAt, String stopLsn) {
    return new BackupManifest(
        1,
        id,
        BackupManifest.KIND_PHYSICAL,
        stoppedAt.minusSeconds(10),
        stoppedAt,
        "dev",
        new BackupManifest.Source("db", 5432, "15.18", 150018, "pg_basebackup 15"),
        new BackupManifest.Encryption(
            "AES-256-GCM-framed-v1", "zstd", new WrappedKey("local", "k", 1, "AA")),
        List.of(),
        List.of(),
        new BackupManifest.Physical(
            "0/2000028",
            stopLsn,
            1,
            "cadang " + id,
            "7312",
            stoppedAt.minusSeconds(5),
            stoppedAt,
            "postgres"),
        null);
  }

  /** A streamer report with the two facts recovery reads. */
  private static WalStatus archive(Instant archivedAt, String systemIdentifier) {
    return new WalStatus(
        1, systemIdentifier, "slot", 1, null, "0/0", archivedAt, "0/0", archivedAt, 10, null, null);
  }
}
