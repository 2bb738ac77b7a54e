package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.restore.RestoreReport;
import io.cadang.agent.restore.RestoreReport.DatabaseResult;
import io.cadang.agent.restore.RestoreReport.Mismatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestoreResultFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void verifiedRestoreReportsCountsPerDatabase() throws Exception {
    RestoreReport report =
        new RestoreReport(
            "b1",
            List.of(new DatabaseResult("app", "app_copy", 12, 3400, List.of())),
            Duration.ofMillis(7500));

    JsonNode json = JSON.readTree(RestoreResultFiles.render(report, true));

    assertEquals("b1", json.get("backupId").asText());
    assertEquals(7.5, json.get("durationSeconds").asDouble());
    assertEquals("app_copy", json.get("databases").get(0).get("target").asText());
    assertEquals(3400, json.get("databases").get(0).get("rowsChecked").asLong());
    assertTrue(json.get("verified").asBoolean());
  }

  @Test
  void manyMismatchesAreCutToFitTheTerminationMessage() throws Exception {
    List<Mismatch> mismatches =
        IntStream.range(0, 500)
            .mapToObj(i -> new Mismatch("public.table_with_a_long_name_" + i, 10, 9))
            .toList();
    RestoreReport report =
        new RestoreReport(
            "b2", List.of(new DatabaseResult("app", "app", 500, 5000, mismatches)), Duration.ZERO);

    String rendered = RestoreResultFiles.render(report, true);
    JsonNode json = JSON.readTree(rendered);

    assertTrue(rendered.getBytes(StandardCharsets.UTF_8).length <= RestoreResultFiles.MAX_BYTES);
    assertFalse(json.get("verified").asBoolean());
    int kept = json.get("databases").get(0).get("mismatches").size();
    assertTrue(kept > 0);
    assertEquals(500 - kept, json.get("mismatchesOmitted").asInt());
  }

  @Test
  void skippedVerificationIsNotReportedAsVerified() throws Exception {
    RestoreReport report =
        new RestoreReport(
            "b3", List.of(new DatabaseResult("app", "app", 0, 0, List.of())), Duration.ZERO);
    assertFalse(
        JSON.readTree(RestoreResultFiles.render(report, false)).get("verified").asBoolean());
  }
}
