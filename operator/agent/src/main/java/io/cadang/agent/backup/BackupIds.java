package io.cadang.agent.backup;

import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Generated backup ids sort by time: {@code 20261121T020000Z-3fa9c1}. */
public final class BackupIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private BackupIds() {}

  public static String generate(Instant now) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return STAMP.format(now) + "-" + HexFormat.of().formatHex(suffix);
  }

  /**
   * The id a new backup will be stored under: the requested one (validated) or a generated one,
   * refused when a backup of that id already exists, so a backup never overwrites another.
   */
  public static String forNewBackup(String requested, Instant started, BackupCatalog catalog)
      throws BackupException, IOException {
    String backupId = requested != null ? requested : generate(started);
    BackupLayout.requireValidId(backupId);
    if (catalog.exists(backupId)) {
      throw new BackupException(
          "backup '" + backupId + "' already exists in " + catalog.describe());
    }
    return backupId;
  }
}
