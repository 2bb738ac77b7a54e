package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class OneLineErrorsTest {
  @Test
  void fileErrorsSayWhatWentWrongNotOnlyThePath() {
    assertEquals(
        "permission denied: /repo/wal/00000001/000000010000000000000002.json",
        OneLineErrors.describe(
            new AccessDeniedException("/repo/wal/00000001/000000010000000000000002.json")));
    assertEquals(
        "no such file or directory: /keys/master.key",
        OneLineErrors.describe(new NoSuchFileException("/keys/master.key")));
  }
}
