package io.cadang.agent.files;

import io.cadang.agent.backup.BackupException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * GNU tar as a child process. {@code LC_ALL=C} makes its messages parseable and keeps it from
 * converting names through a locale: names go into the archive and back onto disk as the bytes they
 * are. stderr is read line by line on a thread into {@link TarDiagnostics}, so no warning about a
 * changed file is lost however many there are.
 */
final class TarProcess implements AutoCloseable {
  private final Process process;
  private final Thread stderrReader;
  private final TarDiagnostics diagnostics = new TarDiagnostics();

  private TarProcess(Process process) {
    this.process = process;
    this.stderrReader = new Thread(this::readStderr, "tar-stderr");
    this.stderrReader.setDaemon(true);
    this.stderrReader.start();
  }

  static TarProcess start(List<String> command) throws BackupException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("LC_ALL", "C");
    pb.environment().remove("TAR_OPTIONS"); // a user's defaults must not change the archive
    try {
      return new TarProcess(pb.start());
    } catch (IOException e) {
      throw new BackupException("cannot start GNU tar (" + command.get(0) + "): " + e.getMessage());
    }
  }

  InputStream stdout() {
    return process.getInputStream();
  }

  OutputStream stdin() {
    return process.getOutputStream();
  }

  TarDiagnostics diagnostics() {
    return diagnostics;
  }

  /**
   * Waits for tar. Exit 1 ("some files differ") and exit 2 caused only by files that changed or
   * vanished under it are warnings, recorded in the diagnostics; any other failure throws with
   * tar's own first error line.
   */
  void awaitTolerated(String what) throws BackupException {
    int code = await();
    if (code == 0
        || (code == 1 && diagnostics.errors().isEmpty())
        || (code == 2 && diagnostics.errors().isEmpty() && diagnostics.changedCount() > 0)) {
      return;
    }
    List<String> errors = diagnostics.errors();
    throw new BackupException(
        what
            + " failed (tar exit "
            + code
            + "): "
            + (errors.isEmpty() ? "no error output" : errors.get(0)));
  }

  /** True once tar has ended (waiting briefly, so a tar that just broke the pipe counts). */
  boolean exited() {
    try {
      return process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  int await() throws BackupException {
    try {
      int code = process.waitFor();
      stderrReader.join(TimeUnit.SECONDS.toMillis(5));
      return code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new BackupException("interrupted while tar was running");
    }
  }

  private void readStderr() {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.ISO_8859_1))) {
      String line;
      while ((line = err.readLine()) != null) {
        diagnostics.line(line);
      }
    } catch (IOException ignored) {
      // tar ended; what was read is what is reported
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        // A restore that failed empties its target next; tar must not still be writing to it.
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
