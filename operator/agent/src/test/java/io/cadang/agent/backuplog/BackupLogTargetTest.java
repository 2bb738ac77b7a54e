package io.cadang.agent.backuplog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Table names end up in DDL, so only plain identifiers pass; the password is never printed. */
class BackupLogTargetTest {

  @Test
  void defaultTableIsInternalBackupLogs() {
    BackupLogTarget t = BackupLogTarget.of("db", 5432, "ops", null, null, "u", "pw");
    assertEquals("\"internal\".\"backup_logs\"", t.quotedTable());
    assertEquals("prefer", t.sslMode());
  }

  @Test
  void tableWithoutSchemaGoesToPublic() {
    assertEquals(
        "\"public\".\"runs\"",
        BackupLogTarget.of("db", 5432, "ops", "runs", null, "u", null).quotedTable());
  }

  @Test
  void injectionAndOddNamesAreRefused() {
    for (String bad : new String[] {"a.b.c", "x; DROP TABLE y", "\"q\".t", "a.", ".b", "1abc"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> BackupLogTarget.of("db", 5432, "ops", bad, null, "u", null),
              bad);
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void missingDatabaseOrUserIsNamed() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> BackupLogTarget.of("db", 5432, null, null, null, "u", null))
            .getMessage()
            .contains("--log-database"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> BackupLogTarget.of("db", 5432, "ops", null, null, null, null))
            .getMessage()
            .contains("CADANG_LOG_PGUSER"));
  }

  @Test
  void textFormsNeverHoldThePassword() {
    BackupLogTarget t = BackupLogTarget.of("db", 5432, "ops", null, null, "u", "s3cret-pw");
    assertFalse(t.toString().contains("s3cret-pw"));
    assertFalse(t.describe().contains("s3cret-pw"));
  }
}
