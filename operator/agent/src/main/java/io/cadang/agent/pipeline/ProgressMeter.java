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
 * operator of the platform watching a 40-minute dump sees it move; with the total known (restores,
 * verification, decryption: the manifest says how big each object is) also the share done and the
 * time left at the current rate.
 */
public final class ProgressMeter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressMeter.class);

  private final String label;
  private final long total;
  private final AtomicLong bytes = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;

  public ProgressMeter(String label, Duration interval) {
    this(label, interval, -1);
  }

  /**
   * @param total the bytes the step will have moved when done, or -1 when unknown
   */
  public ProgressMeter(String label, Duration interval, long total) {
    this.label = label;
    this.total = total;
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
    LOG.info("{}", line(label, bytes.get(), total, mibPerSecond()));
  }

  /**
   * e.g. {@code restore X db shop: 1.2 GiB of 3.1 GiB (38 %), 95.3 MiB/s, about 21 s left}, or
   * without a total {@code ...: 1.2 GiB read, 95.3 MiB/s}.
   */
  static String line(String label, long done, long total, double mibPerSecond) {
    String rate = String.format(java.util.Locale.ROOT, "%.1f MiB/s", mibPerSecond);
    if (total <= 0) {
      return label + ": " + ByteSizes.human(done) + " read, " + rate;
    }
    long percent = Math.min(100, done * 100 / total);
    String left;
    if (mibPerSecond <= 0) {
      left = "time left unknown";
    } else {
      long seconds = Math.round(Math.max(0, total - done) / 1048576.0 / mibPerSecond);
      left = "about " + human(seconds) + " left";
    }
    return label
        + ": "
        + ByteSizes.human(done)
        + " of "
        + ByteSizes.human(total)
        + " ("
        + percent
        + " %), "
        + rate
        + ", "
        + left;
  }

  private static String human(long seconds) {
    if (seconds < 90) {
      return seconds + " s";
    }
    if (seconds < 90 * 60) {
      return Math.round(seconds / 60.0) + " min";
    }
    return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600.0);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
