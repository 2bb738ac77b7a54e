package io.cadang.e2e.node;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a container: SIGTERM to its process group, SIGKILL to the group and to every descendant
 * seen before (a process that left the group with its own setsid is still found by PID) once the
 * grace period is over. Java can only signal single PIDs, so groups go through kill(1).
 */
final class ProcessGroups {
  private ProcessGroups() {}

  static void stop(Process process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    signalGroup(process.pid(), "TERM");
    Instant deadline = Instant.now().plus(grace);
    while (process.isAlive() && Instant.now().isBefore(deadline)) {
      sleep(50);
    }
    signalGroup(process.pid(), "KILL");
    process.destroyForcibly();
    for (ProcessHandle d : descendants) {
      d.destroyForcibly();
    }
    // Return only when they are gone: a caller (close(), a test) may rely on "stopped" meaning it.
    try {
      process.waitFor();
      for (ProcessHandle d : descendants) {
        d.onExit().get(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // A descendant that survives SIGKILL for 5 s is stuck in the kernel; nothing more to do.
    }
  }

  private static void signalGroup(long pgid, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      // kill(1) missing: fall back to the leader alone.
      ProcessHandle.of(pgid).ifPresent(ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
