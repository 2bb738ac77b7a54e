package io.cadang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.restore.RestoreReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compact JSON result of a restore, for the operator that launched the agent. Kubernetes keeps
 * at most 4 KiB of a termination message, so mismatches are cut to what fits: a report cut short by
 * the kubelet would be unreadable JSON, and the operator would lose the verification result itself.
 */
final class RestoreResultFiles {
  /** Room below 4 KiB, so the kubelet never truncates the message. */
  static final int MAX_BYTES = 4000;

  private static final int MAX_TABLE_CHARS = 128;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RestoreResultFiles() {}

  static void write(Path file, RestoreReport report, boolean verifyRan) throws IOException {
    Files.write(file, render(report, verifyRan).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Drops mismatches from the end until the result fits; {@code mismatchesOmitted} says how many.
   */
  static String render(RestoreReport report, boolean verifyRan) throws IOException {
    int total = report.databases().stream().mapToInt(d -> d.mismatches().size()).sum();
    for (int keep = total; ; keep = keep > 8 ? keep / 2 : keep - 1) {
      String json = JSON.writeValueAsString(tree(report, verifyRan, Math.max(keep, 0), total));
      if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES || keep <= 0) {
        return json;
      }
    }
  }

  private static ObjectNode tree(RestoreReport report, boolean verifyRan, int keep, int total) {
    ObjectNode root = JSON.createObjectNode();
    root.put("backupId", report.backupId());
    root.put("durationSeconds", report.duration().toMillis() / 1000.0);
    ArrayNode databases = root.putArray("databases");
    int left = keep;
    for (RestoreReport.DatabaseResult db : report.databases()) {
      ObjectNode d = databases.addObject();
      d.put("source", db.source());
      d.put("target", db.target());
      d.put("tablesChecked", db.tablesChecked());
      d.put("rowsChecked", db.rowsChecked());
      ArrayNode mismatches = d.putArray("mismatches");
      for (RestoreReport.Mismatch m : db.mismatches()) {
        if (left-- <= 0) {
          break;
        }
        ObjectNode mismatch =
            mismatches
                .addObject()
                .put("table", shorten(m.table()))
                .put("expected", m.expected())
                .put("actual", m.actual());
        if (m.problem() != null) {
          mismatch.put("problem", m.problem());
        }
      }
    }
    if (keep < total) {
      root.put("mismatchesOmitted", total - keep);
    }
    CheckOutput.put(root, report.checks());
    CheckOutput.putPhases(root, report.phases());
    root.put("verified", verifyRan && report.verified());
    return root;
  }

  private static String shorten(String table) {
    return table.length() <= MAX_TABLE_CHARS ? table : table.substring(0, MAX_TABLE_CHARS) + "…";
  }
}
