package io.cadang.agent.checks;

import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.ToolProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a psql script and returns its rows. psql rather than JDBC because the checks also run on a
 * recovered cluster reachable only through a private Unix socket. Rows are NUL-terminated and
 * fields separated by the ASCII unit separator, so values holding newlines or '|' stay intact.
 */
final class PsqlRows {
  static final char FIELD_SEPARATOR = '\u001f';

  private PsqlRows() {}

  /** The script's rows, each as its fields; a failed statement throws with psql's error line. */
  static List<List<String>> run(
      Path psql, Map<String, String> env, String script, Map<String, String> variables)
      throws PgException {
    List<String> command = new ArrayList<>();
    command.add(psql.toString());
    command.addAll(List.of("-X", "-q", "-A", "-t", "-0", "-F", String.valueOf(FIELD_SEPARATOR)));
    command.addAll(List.of("-v", "ON_ERROR_STOP=1"));
    variables.forEach((k, v) -> command.addAll(List.of("-v", k + "=" + v)));
    try (ToolProcess p = ToolProcess.start("psql", command, env)) {
      // The script goes through stdin: it never shows in a process listing.
      try (OutputStream in = p.stdin()) {
        in.write(script.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
      p.awaitSuccess();
      return parse(out);
    } catch (IOException e) {
      throw new PgException(PgException.Reason.FAILED, "psql: " + e.getMessage());
    }
  }

  static List<List<String>> parse(String out) {
    List<List<String>> rows = new ArrayList<>();
    // -0 ends every record with NUL (psql adds no newline then).
    String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    if (body.isEmpty()) {
      return rows;
    }
    if (body.endsWith("\0")) {
      body = body.substring(0, body.length() - 1);
    }
    for (String record : body.split("\0", -1)) {
      rows.add(List.of(record.split(String.valueOf(FIELD_SEPARATOR), -1)));
    }
    return rows;
  }
}
