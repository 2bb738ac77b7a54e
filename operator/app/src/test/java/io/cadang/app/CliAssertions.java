package io.cadang.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Assertions on what a user of the CLI sees: the exit code and the lines printed. */
final class CliAssertions {
  private static final Pattern BACKUP_LINE = Pattern.compile("(?m)^backup (\\S+): ");

  private CliAssertions() {}

  static Cadang.Result assertSucceeded(Cadang.Result r) {
    assertEquals(0, r.exitCode(), () -> "expected success, got " + r);
    return r;
  }

  /**
   * The contract for failures: exactly the given exit code and exactly one line on stderr, {@code
   * cadang: error: ...}, with no stack trace. Returns that line.
   */
  static String assertFailsWithOneLine(int exitCode, Cadang.Result r) {
    assertEquals(exitCode, r.exitCode(), () -> "wrong exit code: " + r);
    List<String> lines = r.errLines();
    assertEquals(1, lines.size(), () -> "expected one error line: " + r);
    String line = lines.get(0);
    assertTrue(line.startsWith("cadang: error: "), () -> "not a cadang error line: " + r);
    assertFalse(r.everything().contains("\tat "), () -> "stack trace printed: " + r);
    return line;
  }

  /** The backup id from the output of {@code cadang backup}. */
  static String backupIdIn(Cadang.Result backup) {
    Matcher m = BACKUP_LINE.matcher(backup.out());
    assertTrue(m.find(), () -> "no backup id in " + backup);
    return m.group(1);
  }
}
