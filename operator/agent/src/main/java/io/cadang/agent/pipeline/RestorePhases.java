package io.cadang.agent.pipeline;

import java.time.Duration;

/**
 * Where a restore's time went, for the measured RTO's breakdown: fetching and decrypting the backup
 * (download), loading it or replaying WAL (restore), and proving it (verify: row counts, checksums,
 * pg_amcheck, application checks).
 */
public record RestorePhases(Duration download, Duration restore, Duration verify) {
  public static final RestorePhases UNKNOWN =
      new RestorePhases(Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Accumulates the phases of one restore. */
  public static final class Timer {
    private long download;
    private long restore;
    private long verify;

    public void download(long sinceNanos) {
      download += System.nanoTime() - sinceNanos;
    }

    public void restore(long sinceNanos) {
      restore += System.nanoTime() - sinceNanos;
    }

    public void verify(long sinceNanos) {
      verify += System.nanoTime() - sinceNanos;
    }

    public RestorePhases phases() {
      return new RestorePhases(
          Duration.ofNanos(download), Duration.ofNanos(restore), Duration.ofNanos(verify));
    }
  }
}
