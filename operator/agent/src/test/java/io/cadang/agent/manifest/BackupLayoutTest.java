package io.cadang.agent.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackupLayoutTest {
  @Test
  void databaseNamesArePercentEncodedIntoSafeKeys() {
    assertEquals("db/app.dump", BackupLayout.databaseObject("app"));
    assertEquals("db/crm%20rt%20%C3%BC.dump", BackupLayout.databaseObject("crm rt ü"));
    // A leading dot is encoded so no key segment can be "." or "..".
    assertEquals("db/%2E.%2Fetc.dump", BackupLayout.databaseObject("../etc"));
    assertEquals("db/a%2Fb.dump", BackupLayout.databaseObject("a/b"));
  }

  @Test
  void manifestKeysMapBackToTheirBackupId() {
    assertEquals("backups/b-1/manifest.json", BackupLayout.manifestKey("b-1"));
    assertEquals("b-1", BackupLayout.backupIdOfManifest("backups/b-1/manifest.json"));
    assertNull(BackupLayout.backupIdOfManifest("backups/b-1/db/manifest.json"));
    assertNull(BackupLayout.backupIdOfManifest("backups/b-1/db/app.dump.zst.cdg"));
  }

  @Test
  void unsafeBackupIdsAreRejectedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BackupLayout.requireValidId("../x"));
    assertEquals(
        "invalid backup id '../x': use 1-100 letters, digits, '.', '_' or '-', starting with a"
            + " letter or digit",
        e.getMessage());
  }
}
