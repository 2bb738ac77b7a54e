package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.files.FilesRestoreReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files restore result stays valid JSON under the kubelet's 4 KiB termination message cap. */
class FilesResultFilesTest {
  @Test
  void longMismatchPathsAreCutAndDroppedUntilTheResultFits() throws Exception {
    List<FilesRestoreReport.Mismatch> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(new FilesRestoreReport.Mismatch(i + "/" + "x".repeat(4000), "content differs"));
    }
    FilesRestoreReport report =
        new FilesRestoreReport("b-1", Path.of("/restore"), 50, 40, ten, 123, Duration.ofSeconds(3));

    String json = FilesResultFiles.renderRestore(report);
    JsonNode tree = new ObjectMapper().readTree(json);

    assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= RestoreResultFiles.MAX_BYTES, json);
    assertEquals(123, tree.get("mismatchCount").asInt());
    assertFalse(tree.get("verified").asBoolean());
    assertTrue(tree.get("fileMismatches").size() >= 1);
    assertEquals(
        FilesResultFiles.MAX_PATH_CHARS + 1,
        tree.get("fileMismatches").get(0).get("path").asText().length());
  }
}
