package io.cadang.agent.wal;

import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One pg_receivewal run into the spool. Without {@code --slot} (we move the slot ourselves) and
 * with {@code --no-loop}, so a lost connection ends the process and the streamer restarts it with
 * backoff, reporting the failure in status.json instead of pg_receivewal retrying silently.
 * Credentials reach it through the environment (PGPASSWORD), never argv.
 */
final class WalReceiver implements AutoCloseable {
  private final Process process;
  private final Path stderrFile;

  private WalReceiver(Process process, Path stderrFile) {
    this.process = process;
    this.stderrFile = stderrFile;
  }

  static WalReceiver start(PgTools tools, PgTarget target, Path spool) throws IOException {
    Path stderr = Files.createTempFile("cadang-pg_receivewal-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                tools.tool("pg_receivewal").toString(),
                "--directory=" + spool,
                "--no-loop",
                "--no-password",
                "--status-interval=1",
                "--verbose"));
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    pb.environment().putAll(target.libpqEnvironment());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(stderr.toFile());
    try {
      return new WalReceiver(pb.start(), stderr);
    } catch (IOException e) {
      Files.deleteIfExists(stderr);
      throw new IOException("cannot start pg_receivewal: " + e.getMessage(), e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  /** The most telling line pg_receivewal wrote: the first error, else the last line. */
  String errorLine() {
    try {
      String last = "no output";
      for (String line : Files.readAllLines(stderrFile, StandardCharsets.UTF_8)) {
        String l = line.strip();
        if (l.contains("error:") || l.contains("FATAL")) {
          return l;
        }
        if (!l.isEmpty()) {
          last = l;
        }
      }
      return last;
    } catch (IOException e) {
      return "no output";
    }
  }

  /** SIGTERM (pg_receivewal flushes and exits), then SIGKILL after a grace period. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills it at once, like a crash of the pod would. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    try {
      Files.deleteIfExists(stderrFile);
    } catch (IOException e) {
      // A leftover log in the temp directory is harmless.
    }
  }
}
