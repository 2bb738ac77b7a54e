package io.cadang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cadang.agent.backuplog.BackupLogResult;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.replica.ReplicaOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A compact JSON result for whoever launched the agent. Kubernetes keeps at most 4 KiB of a
 * termination message, so this carries the facts the operator turns into status, not the whole
 * manifest (which is in the repository).
 */
final class ResultFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kubernetes keeps at most 4096 bytes of a termination message; stay below with margin. */
  static final int TERMINATION_MESSAGE_LIMIT = 4000;

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
    if (m.files() != null) {
      FilesResultFiles.addBackup(root, m);
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
   * Adds what ran after the backup to the result already written (the backup's facts or its error):
   * {@code replicas} (null: none configured) and {@code backupLog} (null: not asked for). Best
   * effort like {@link #writeError}: the result file never fails a run.
   */
  static void addPostBackup(Path file, List<ReplicaOutcome> replicas, BackupLogResult log) {
    if (file == null || (replicas == null && log == null)) {
      return;
    }
    try {
      ObjectNode root =
          Files.exists(file) && Files.size(file) > 0
              ? (ObjectNode) JSON.readTree(file.toFile())
              : JSON.createObjectNode();
      int messageLimit = 300;
      byte[] bytes;
      do {
        putPostBackup(root, replicas, log, messageLimit);
        bytes = JSON.writeValueAsBytes(root);
        messageLimit /= 3;
      } while (bytes.length > TERMINATION_MESSAGE_LIMIT && messageLimit > 10);
      Files.write(file, bytes);
    } catch (IOException | ClassCastException e) {
      // Stdout/stderr already carry the same facts.
    }
  }

  private static void putPostBackup(
      ObjectNode root, List<ReplicaOutcome> replicas, BackupLogResult log, int messageLimit) {
    if (replicas != null) {
      ArrayNode array = root.putArray("replicas");
      for (ReplicaOutcome o : replicas) {
        ObjectNode r =
            array
                .addObject()
                .put("name", o.name())
                .put("state", o.state())
                .put("message", shorten(o.message(), messageLimit))
                .put("objects", o.objects())
                .put("bytes", o.bytes())
                .put("skipped", o.skipped())
                .put("repaired", o.repaired())
                .put("behind", o.behind());
        ArrayNode caughtUp = r.putArray("caughtUp");
        o.caughtUp().forEach(caughtUp::add);
      }
    }
    if (log != null) {
      ObjectNode l = root.putObject("backupLog").put("written", log.written());
      if (!log.written()) {
        l.put("error", shorten(log.error(), Math.max(messageLimit, 200)));
      }
    }
  }

  private static String shorten(String s, int limit) {
    return s == null || s.length() <= limit ? s : s.substring(0, limit) + "…";
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
