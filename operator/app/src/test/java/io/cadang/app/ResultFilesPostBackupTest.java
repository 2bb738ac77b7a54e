package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.backuplog.BackupLogResult;
import io.cadang.agent.replica.ReplicaOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result file keeps the backup's facts and gains replicas/backupLog within 4 KiB. */
class ResultFilesPostBackupTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void addsReplicasAndLogToTheExistingResult() throws Exception {
    Path file = dir.resolve("r.json");
    Files.writeString(file, "{\"backupId\":\"b1\",\"rawBytes\":10}");
    ResultFiles.addPostBackup(
        file,
        List.of(new ReplicaOutcome("east", "Replicated", "ok", 3, 100, 0, 0, List.of("b0"), 0)),
        new BackupLogResult(false, "cannot write the backup log"));
    JsonNode json = JSON.readTree(file.toFile());
    assertEquals("b1", json.get("backupId").asText());
    assertEquals("Replicated", json.at("/replicas/0/state").asText());
    assertEquals("b0", json.at("/replicas/0/caughtUp/0").asText());
    assertEquals(100, json.at("/replicas/0/bytes").asLong());
    assertFalse(json.at("/backupLog/written").asBoolean());
    assertEquals("cannot write the backup log", json.at("/backupLog/error").asText());
  }

  @Test
  void longMessagesAreCutToKeepTheTerminationMessageUnder4KiB() throws Exception {
    Path file = dir.resolve("r.json");
    Files.writeString(file, "{\"error\":\"" + "e".repeat(2500) + "\"}");
    String longMessage = "x".repeat(5000);
    List<ReplicaOutcome> many =
        List.of(
            new ReplicaOutcome("a", "Failed", longMessage, 0, 0, 0, 0, List.of(), -1),
            new ReplicaOutcome("b", "Failed", longMessage, 0, 0, 0, 0, List.of(), -1),
            new ReplicaOutcome("c", "Failed", longMessage, 0, 0, 0, 0, List.of(), -1));
    ResultFiles.addPostBackup(file, many, BackupLogResult.ok());
    byte[] bytes = Files.readAllBytes(file);
    assertTrue(bytes.length <= ResultFiles.TERMINATION_MESSAGE_LIMIT, "size " + bytes.length);
    JsonNode json = JSON.readTree(bytes);
    assertEquals(3, json.get("replicas").size());
    assertTrue(json.at("/backupLog/written").asBoolean());
  }

  @Test
  void nothingToAddLeavesTheFileAlone() throws Exception {
    Path file = dir.resolve("r.json");
    byte[] before = "{\"backupId\":\"b1\"}".getBytes();
    Files.write(file, before);
    ResultFiles.addPostBackup(file, null, null);
    assertArrayEquals(before, Files.readAllBytes(file));
  }
}
