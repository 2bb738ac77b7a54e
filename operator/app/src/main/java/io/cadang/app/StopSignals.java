package io.cadang.app;

/**
 * SIGTERM/SIGINT handling for long-running commands. A shutdown hook would be too late: the JVM
 * then exits with 143 whatever the command does. A signal handler lets the command finish its work
 * (final upload, status) and return its own exit code.
 */
@SuppressWarnings("restriction")
final class StopSignals {
  private StopSignals() {}

  static void onTerminate(Runnable stop) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.run());
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // The signal is not available here (or reserved by the JVM); default handling applies.
      }
    }
  }
}
