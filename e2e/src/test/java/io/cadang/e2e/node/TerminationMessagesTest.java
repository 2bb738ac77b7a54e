package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessagesTest {
  @TempDir Path dir;

  @Test
  void fileIsTheMessageCappedAt4KiB() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "x".repeat(5000));
    Path log = Files.writeString(dir.resolve("log"), "log line\n");
    assertEquals(4096, TerminationMessages.read(file, log, "File", 1).length());
  }

  @Test
  void fallbackToLogsTakesTheLast80LinesOfAFailedContainer() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "");
    String lines =
        IntStream.rangeClosed(1, 100)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n", "", "\n"));
    Path log = Files.writeString(dir.resolve("log"), lines);
    String message = TerminationMessages.read(file, log, "FallbackToLogsOnError", 2);
    assertEquals(80, message.lines().count());
    assertEquals("line 21", message.lines().findFirst().orElseThrow());
    assertNull(
        TerminationMessages.read(file, log, "FallbackToLogsOnError", 0),
        "a successful container's logs are not its message");
    assertNull(TerminationMessages.read(file, log, "File", 2));
  }

  @Test
  void logFallbackIsCappedAt2KiBFromTheEnd() {
    String text = "a".repeat(3000) + "END";
    String cut = TerminationMessages.lastLines(text, 80, 2048);
    assertEquals(2048, cut.length());
    assertEquals("END", cut.substring(cut.length() - 3));
  }
}
