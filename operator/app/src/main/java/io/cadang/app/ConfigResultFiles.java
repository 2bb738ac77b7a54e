package io.cadang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.configs.ApplyOutcome;
import io.cadang.agent.configs.ConfigRestoreReport;
import io.cadang.agent.manifest.BackupManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The config parts of the compact JSON results (termination message, at most 4 KiB). */
final class ConfigResultFiles {
  static final int MAX_CHANGES = 20;
  private static final int MAX_NAME_CHARS = 128;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigResultFiles() {}

  /** {@code "configs": {objects, secrets, git: {url, branch, commit, pushed}}} of a backup. */
  static void addBackup(ObjectNode root, BackupManifest m) {
    BackupManifest.Configs c = m.configs();
    ObjectNode configs = root.putObject("configs");
    configs.put("objects", c.objects());
    configs.put("secrets", c.secrets());
    if (c.git() != null) {
      configs
          .putObject("git")
          .put("url", c.git().url())
          .put("branch", c.git().branch())
          .put("commit", c.git().commit())
          .put("pushed", c.git().pushed());
    }
  }

  static void writeRestore(Path file, ConfigRestoreReport report) throws IOException {
    Files.write(file, renderRestore(report).getBytes(StandardCharsets.UTF_8));
  }

  static String renderRestore(ConfigRestoreReport report) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("backupId", report.backupId());
    ObjectNode configs = root.putObject("configs");
    configs.put("created", report.count(ApplyOutcome.CREATED));
    configs.put("changed", report.count(ApplyOutcome.CHANGED));
    configs.put("unchanged", report.count(ApplyOutcome.UNCHANGED));
    configs.put("applied", report.applied());
    List<String> changes = report.changes();
    ArrayNode list = configs.putArray("changes");
    changes.stream()
        .limit(MAX_CHANGES)
        .map(s -> s.length() <= MAX_NAME_CHARS ? s : s.substring(0, MAX_NAME_CHARS) + "…")
        .forEach(list::add);
    if (changes.size() > MAX_CHANGES) {
      configs.put("changesOmitted", changes.size() - MAX_CHANGES);
    }
    return JSON.writeValueAsString(root);
  }
}
