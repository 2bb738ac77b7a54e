package io.cadang.agent.files;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts GNU tar's stderr (run under {@code LC_ALL=C}, so messages are English and every byte of a
 * name outside printable ASCII is an octal escape) into files that changed while tar read them and
 * real errors. A live volume changes under a backup; such files are reported, not treated as a
 * failed run, while anything else tar complains about fails it.
 */
final class TarDiagnostics {
  static final int KEPT_PATHS = 20;
  private static final Pattern CHANGED =
      Pattern.compile(
          "^tar: (.*): (file changed as we read it|File shrank by \\d+ bytes; padding with zeros"
              + "|File removed before we read it|Cannot (?:stat|open|readlink): No such file or"
              + " directory)$");
  private static final Pattern IGNORED =
      Pattern.compile(
          "^tar: (.*: socket ignored|Exiting with failure status due to previous errors)$");

  private final List<String> changed = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private long changedCount;

  /** Classifies one stderr line. */
  synchronized void line(String line) {
    if (line.isBlank() || IGNORED.matcher(line).matches()) {
      return;
    }
    Matcher m = CHANGED.matcher(line);
    if (m.matches()) {
      changedCount++;
      if (changed.size() < KEPT_PATHS) {
        changed.add(FileEntry.display(TarStreamParser.normalize(unescape(m.group(1)))));
      }
    } else if (errors.size() < 5) {
      errors.add(line);
    }
  }

  synchronized List<String> changed() {
    return List.copyOf(changed);
  }

  synchronized long changedCount() {
    return changedCount;
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /** Undoes tar's escape quoting ({@code \\ \n \t \ooo} …) back to the name's raw bytes. */
  static byte[] unescape(String quoted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c != '\\' || i + 1 >= quoted.length()) {
        out.write(c);
        continue;
      }
      char n = quoted.charAt(++i);
      if (n >= '0' && n <= '7') {
        int v = 0;
        int digits = 0;
        while (digits < 3
            && i < quoted.length()
            && quoted.charAt(i) >= '0'
            && quoted.charAt(i) <= '7') {
          v = v * 8 + (quoted.charAt(i) - '0');
          i++;
          digits++;
        }
        i--;
        out.write(v);
        continue;
      }
      out.write(
          switch (n) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'a' -> 7;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> 11;
            default -> n;
          });
    }
    return out.toByteArray();
  }
}
