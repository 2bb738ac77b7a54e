package io.cadang.agent.pipeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts bytes moved by a long-running step and logs progress every interval (default 10 s), so an
 * operator of the platform watching a 40-minute dump sees it move.
 */
public final class ProgressMeter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressMeter.class);

  private final String label;
  private final AtomicLong bytes = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;

  public ProgressMeter(String label, Duration interval) {
    this.label = label;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "progress");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    ticker.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
  }

  public void add(long n) {
    bytes.addAndGet(n);
  }

  public long bytes() {
    return bytes.get();
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Mebibytes per second since the meter started. */
  public double mibPerSecond() {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    return bytes.get() / 1048576.0 / seconds;
  }

  private void report() {
    LOG.info(
        "{}: {} read, {} MiB/s",
        label,
        ByteSizes.human(bytes.get()),
        String.format("%.1f", mibPerSecond()));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
