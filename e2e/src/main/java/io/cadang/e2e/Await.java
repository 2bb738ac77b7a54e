package io.cadang.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling until the cluster reaches a state, with the last observed value in the failure. */
public final class Await {
  private Await() {}

  public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        Optional<T> v = probe.get();
        if (v.isPresent()) {
          return v.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after "
                + timeout
                + " waiting for "
                + what
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  public static void until(
      String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    until(
        what,
        timeout,
        () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }
}
