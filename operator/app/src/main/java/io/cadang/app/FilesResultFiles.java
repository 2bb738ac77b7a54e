package io.cadang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.files.FilesRestoreReport;
import io.cadang.agent.manifest.BackupManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files parts of the compact JSON results (contract: ≤ 4 KiB termination messages). Paths are
 * user data of any length, so each is cut to {@link #MAX_PATH_CHARS} and lists shrink until the
 * whole result fits.
 */
final class FilesResultFiles {
  static final int MAX_PATH_CHARS = 200;
  private static final int BACKUP_CHANGED = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private FilesResultFiles() {}

  /** Adds {@code kind}, {@code files} and, when files changed during the read, {@code warnings}. */
  static void addBackup(ObjectNode root, BackupManifest m) {
    BackupManifest.Files f = m.files();
    root.put("kind", m.kind());
    ObjectNode files =
        root.putObject("files")
            .put("entries", f.entries())
            .put("regularFiles", f.regularFiles())
            .put("bytes", f.bytes())
            .put("changedCount", f.changedCount());
    ArrayNode changed = files.putArray("changed");
    f.changedDuringRead().stream().limit(BACKUP_CHANGED).forEach(p -> changed.add(shorten(p)));
    if (f.changedCount() > 0) {
      root.putArray("warnings")
          .add(f.changedCount() + " path(s) changed while being read; see changedDuringRead");
    }
  }

  static void writeRestore(Path file, FilesRestoreReport r) throws IOException {
    Files.write(file, renderRestore(r).getBytes(StandardCharsets.UTF_8));
  }

  static String renderRestore(FilesRestoreReport r) throws IOException {
    for (int keep = r.mismatches().size(); ; keep--) {
      String json = JSON.writeValueAsString(restoreTree(r, Math.max(keep, 0)));
      if (json.getBytes(StandardCharsets.UTF_8).length <= RestoreResultFiles.MAX_BYTES
          || keep <= 0) {
        return json;
      }
    }
  }

  private static ObjectNode restoreTree(FilesRestoreReport r, int keep) {
    ObjectNode root = JSON.createObjectNode();
    root.put("backupId", r.backupId());
    root.put("kind", "files");
    root.put("durationSeconds", r.duration().toMillis() / 1000.0);
    root.put("filesRestored", r.restored());
    root.put("filesVerified", r.verifiedFiles());
    ArrayNode mismatches = root.putArray("fileMismatches");
    r.mismatches().stream()
        .limit(keep)
        .forEach(
            m -> mismatches.addObject().put("path", shorten(m.path())).put("problem", m.problem()));
    root.put("mismatchCount", r.mismatchCount());
    root.put("verified", r.verified());
    return root;
  }

  private static String shorten(String path) {
    return path.length() <= MAX_PATH_CHARS ? path : path.substring(0, MAX_PATH_CHARS) + "…";
  }
}
