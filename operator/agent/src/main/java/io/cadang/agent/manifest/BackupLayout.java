package io.cadang.agent.manifest;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where a backup's objects live in a repository (documented in docs/format.md):
 *
 * <pre>
 * backups/&lt;backupId&gt;/manifest.json
 * backups/&lt;backupId&gt;/db/&lt;database&gt;.dump.zst.cdg
 * backups/&lt;backupId&gt;/globals.sql.zst.cdg
 * </pre>
 *
 * Database names may hold any character, so they are percent-encoded in keys.
 */
public final class BackupLayout {
  public static final String ROOT = "backups/";
  public static final String MANIFEST = "manifest.json";
  public static final String GLOBALS_OBJECT = "globals.sql";
  private static final String STORED_SUFFIX = ".zst.cdg";
  private static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private BackupLayout() {}

  public static String manifestKey(String backupId) {
    return ROOT + backupId + "/" + MANIFEST;
  }

  public static String objectKey(String backupId, String objectName) {
    return ROOT + backupId + "/" + objectName + STORED_SUFFIX;
  }

  public static String databaseObject(String database) {
    return "db/" + encode(database) + ".dump";
  }

  /** Backup ids become key segments, so they are restricted to a safe alphabet. */
  public static void requireValidId(String backupId) {
    if (backupId == null || !BACKUP_ID.matcher(backupId).matches()) {
      throw new IllegalArgumentException(
          "invalid backup id '"
              + backupId
              + "': use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
  }

  /** The backup id of a manifest key, or null when the key is not a manifest. */
  public static String backupIdOfManifest(String key) {
    if (!key.startsWith(ROOT) || !key.endsWith("/" + MANIFEST)) {
      return null;
    }
    String id = key.substring(ROOT.length(), key.length() - MANIFEST.length() - 1);
    return id.contains("/") ? null : id;
  }

  static String encode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || (c == '.' && out.length() > 0);
      if (safe) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
