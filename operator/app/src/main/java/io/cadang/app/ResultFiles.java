package io.cadang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A compact JSON result for whoever launched the agent. Kubernetes keeps at most 4 KiB of a
 * termination message, so this carries the facts the operator turns into status, not the whole
 * manifest (which is in the repository).
 */
final class ResultFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultFiles() {}

  static void write(Path file, BackupManifest m) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("backupId", m.backupId());
    root.put("startedAt", m.startedAt().toString());
    root.put("finishedAt", m.finishedAt().toString());
    if (m.source() != null) {
      root.put("serverVersion", m.source().serverVersion());
    }
    root.put("rawBytes", m.totalRawBytes());
    root.put("storedBytes", m.totalStoredBytes());
    root.put("keyId", m.encryption().wrappedKey().keyId());
    root.put("keyVersion", m.encryption().wrappedKey().keyVersion());
    if (m.physical() != null) {
      root.put("kind", m.kind());
      root.putObject("physical")
          .put("startLsn", m.physical().startLsn())
          .put("stopLsn", m.physical().stopLsn())
          .put("timeline", m.physical().timeline())
          .put("systemIdentifier", m.physical().systemIdentifier());
    }
    if (m.configs() != null) {
      root.put("kind", m.kind());
      ConfigResultFiles.addBackup(root, m);
    }
    ArrayNode objects = root.putArray("objects");
    for (ArtifactEntry o : m.objects()) {
      objects
          .addObject()
          .put("key", o.key())
          .put("rawBytes", o.rawBytes())
          .put("bytes", o.storedBytes())
          .put("sha256", o.sha256());
    }
    Files.write(file, JSON.writeValueAsBytes(root));
  }

  /**
   * The one-line error of a failed run, so the operator can put the agent's own words into the
   * BackupRun's condition instead of "exit code 1".
   */
  static void writeError(Path file, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("error", message.length() > 3000 ? message.substring(0, 3000) : message);
    try {
      Files.write(file, JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      // The error still reaches stderr; the result file is a convenience for the operator.
    }
  }
}
