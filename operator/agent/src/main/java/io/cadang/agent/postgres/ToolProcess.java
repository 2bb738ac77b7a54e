package io.cadang.agent.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL client tool running as a child process. Secrets go through the environment only;
 * stderr is drained on a thread into a bounded tail so a chatty tool can neither block nor exhaust
 * memory, and its first error line becomes the one-line failure message.
 */
public final class ToolProcess implements AutoCloseable {
  private static final int STDERR_TAIL_BYTES = 64 * 1024;

  private final String name;
  private final Process process;
  private final Thread stderrDrainer;
  private final ByteArrayOutputStream stderrTail = new ByteArrayOutputStream();

  private ToolProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stderrDrainer = new Thread(this::drainStderr, name + "-stderr");
    this.stderrDrainer.setDaemon(true);
    this.stderrDrainer.start();
  }

  public static ToolProcess start(String name, List<String> command, Map<String, String> env)
      throws PgException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    // Never inherit a password or connection settings from the caller's environment by accident.
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    pb.environment().putAll(env);
    try {
      return new ToolProcess(name, pb.start());
    } catch (IOException e) {
      throw new PgException(
          PgException.Reason.TOOL_NOT_FOUND,
          "cannot start " + command.get(0) + ": " + e.getMessage());
    }
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Waits for exit; a non-zero exit becomes a {@link PgException} with the tool's error line. */
  public void awaitSuccess() throws PgException {
    int code = await();
    if (code != 0) {
      throw new PgException(
          PgException.Reason.TOOL_FAILED, name + " failed (exit " + code + "): " + errorLine());
    }
  }

  public int await() throws PgException {
    try {
      int code = process.waitFor();
      stderrDrainer.join(TimeUnit.SECONDS.toMillis(5));
      return code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new PgException(PgException.Reason.FAILED, name + " interrupted");
    }
  }

  /**
   * Called when whoever read the tool's stdout gave up (the repository failed, say). A tool that
   * already exited non-zero usually explains the broken stream, so its error line is returned. A
   * tool still running is blocked on a full pipe and would never exit: it is stopped, and the
   * reader's own error is the one to report (empty).
   */
  public Optional<String> failureAfterReaderGaveUp() {
    try {
      if (process.waitFor(1, TimeUnit.SECONDS)) {
        stderrDrainer.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue() == 0 ? Optional.empty() : Optional.of(errorLine());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return Optional.empty();
  }

  /** The most telling stderr line: the first that carries an error, else the last one. */
  public String errorLine() {
    String text;
    synchronized (stderrTail) {
      text = stderrTail.toString(StandardCharsets.UTF_8);
    }
    String last = "";
    for (String line : text.split("\n")) {
      String l = line.trim();
      if (l.isEmpty()) {
        continue;
      }
      if (l.contains("error:") || l.contains("FATAL:") || l.contains("ERROR:")) {
        return l;
      }
      last = l;
    }
    return last.isEmpty() ? "no error output" : last;
  }

  public String stderrText() {
    synchronized (stderrTail) {
      return stderrTail.toString(StandardCharsets.UTF_8);
    }
  }

  private void drainStderr() {
    byte[] buf = new byte[8192];
    try (InputStream err = process.getErrorStream()) {
      int n;
      while ((n = err.read(buf)) >= 0) {
        synchronized (stderrTail) {
          if (stderrTail.size() + n > STDERR_TAIL_BYTES) {
            byte[] kept = stderrTail.toByteArray();
            int keep = Math.max(0, STDERR_TAIL_BYTES / 2 - n);
            stderrTail.reset();
            stderrTail.write(
                kept, kept.length - Math.min(keep, kept.length), Math.min(keep, kept.length));
          }
          stderrTail.write(buf, 0, n);
        }
      }
    } catch (IOException ignored) {
      // The process ended; whatever was read is what we report.
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
