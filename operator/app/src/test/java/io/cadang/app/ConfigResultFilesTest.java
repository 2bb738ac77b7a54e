package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.configs.ApplyOutcome;
import io.cadang.agent.configs.ConfigRestoreReport;
import io.cadang.agent.configs.ConfigRestoreReport.ObjectResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigResultFilesTest {
  @Test
  void restoreResultCountsAndListsTheFirstTwentyChangesWithinFourKib() throws Exception {
    List<ObjectResult> objects = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      objects.add(new ObjectResult("ConfigMap shop/" + "c".repeat(200) + i, ApplyOutcome.CHANGED));
    }
    objects.add(new ObjectResult("Deployment shop/web", ApplyOutcome.CREATED));
    objects.add(new ObjectResult("Secret shop/db", ApplyOutcome.UNCHANGED));
    String json = ConfigResultFiles.renderRestore(new ConfigRestoreReport("cfg-1", objects, false));
    assertTrue(json.getBytes(StandardCharsets.UTF_8).length < 4000, json.length() + " bytes");
    JsonNode c = new ObjectMapper().readTree(json).path("configs");
    assertEquals(1, c.path("created").asInt());
    assertEquals(30, c.path("changed").asInt());
    assertEquals(1, c.path("unchanged").asInt());
    assertEquals(false, c.path("applied").asBoolean());
    assertEquals(20, c.path("changes").size());
    assertEquals(11, c.path("changesOmitted").asInt());
    assertTrue(c.path("changes").get(0).asText().endsWith("…"));
  }
}
