package io.cadang.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code cadang} the way a user does — an argument vector and an environment — through {@link
 * CadangMain#run}, capturing what it prints. Process-level stdout/stderr are captured too, because
 * logs (and anything a library prints) land there and must not leak secrets either.
 */
final class Cadang {
  private final Map<String, String> env;

  private Cadang(Map<String, String> env) {
    this.env = env;
  }

  /** cadang with the test servers' password and S3 credentials in its environment. */
  static Cadang withUserEnvironment() {
    return new Cadang(CliServers.userEnvironment());
  }

  static Cadang withEnvironment(Map<String, String> env) {
    return new Cadang(new HashMap<>(env));
  }

  /** The same environment plus (or minus, when value is null) one variable. */
  Cadang withEnv(String name, String value) {
    Map<String, String> copy = new HashMap<>(env);
    if (value == null) {
      copy.remove(name);
    } else {
      copy.put(name, value);
    }
    return new Cadang(copy);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream processOutput = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    PrintStream capture = new PrintStream(processOutput, true, StandardCharsets.UTF_8);
    int code;
    try {
      System.setOut(new Tee(savedOut, capture));
      System.setErr(new Tee(savedErr, capture));
      code = CadangMain.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    return new Result(
        code, out.toString(), err.toString(), processOutput.toString(StandardCharsets.UTF_8));
  }

  /** Convenience: a command line from parts and arrays of parts. */
  static String[] args(Object... parts) {
    List<String> all = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof String[] many) {
        all.addAll(Arrays.asList(many));
      } else {
        all.add(String.valueOf(p));
      }
    }
    return all.toArray(String[]::new);
  }

  /**
   * What one run printed.
   *
   * @param out the command's output (stdout writer)
   * @param err the command's error writer: empty on success, one line on failure
   * @param logs process-level stdout and stderr during the run (logs, library output)
   */
  record Result(int exitCode, String out, String err, String logs) {
    /** Everything the user saw. */
    String everything() {
      return out + err + logs;
    }

    List<String> errLines() {
      return err.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err + "--- logs:\n" + logs;
    }
  }

  /** Writes to the terminal as before and into the capture. */
  private static final class Tee extends PrintStream {
    private final PrintStream capture;

    Tee(PrintStream original, PrintStream capture) {
      super(original, true, StandardCharsets.UTF_8);
      this.capture = capture;
    }

    @Override
    public void write(int b) {
      super.write(b);
      capture.write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      super.write(buf, off, len);
      capture.write(buf, off, len);
    }

    @Override
    public void flush() {
      super.flush();
      capture.flush();
    }
  }
}
