package io.cadang.controller.pitr;

import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalStatus;
import io.cadang.api.v1alpha1.BackupPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads {@code wal/status.json} (a small plain JSON object) from the primary repository. */
public final class RepositoryWalArchiveReader implements WalArchiveReader {
  public static final String STATUS_KEY = WalStatus.KEY;

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final WalRepositories repositories;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cadang-wal-status");
            t.setDaemon(true);
            return t;
          });

  public RepositoryWalArchiveReader(WalRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public Optional<WalStatus> read(BackupPolicy policy) throws IOException {
    // The S3 client retries for longer than a reconcile should wait.
    Future<Optional<WalStatus>> reading = executor.submit(() -> readNow(policy));
    try {
      return reading.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reading.cancel(true);
      throw new IOException(
          "reading " + STATUS_KEY + " took longer than " + TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(STATUS_KEY + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + STATUS_KEY, e);
    }
  }

  @Override
  public java.util.Map<String, WalReplicaLag.Read> replicas(BackupPolicy policy) {
    java.util.Map<String, Future<Optional<WalStatus>>> reads = new java.util.LinkedHashMap<>();
    for (var replica : WalRepositories.replicas(policy)) {
      reads.put(
          replica.getName(),
          executor.submit(
              () -> {
                try (Repository repo = repositories.open(policy, replica)) {
                  return WalStatus.read(repo);
                }
              }));
    }
    java.util.Map<String, WalReplicaLag.Read> results = new java.util.LinkedHashMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    reads.forEach(
        (name, reading) -> {
          try {
            long left = Math.max(0, deadline - System.nanoTime());
            results.put(name, WalReplicaLag.Read.of(reading.get(left, TimeUnit.NANOSECONDS)));
          } catch (TimeoutException e) {
            reading.cancel(true);
            results.put(
                name, WalReplicaLag.Read.failed("no answer within " + TIMEOUT.toSeconds() + " s"));
          } catch (ExecutionException e) {
            results.put(name, WalReplicaLag.Read.failed(String.valueOf(e.getCause().getMessage())));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            results.put(name, WalReplicaLag.Read.failed("interrupted"));
          }
        });
    return results;
  }

  private Optional<WalStatus> readNow(BackupPolicy policy) throws IOException {
    try (Repository repo = repositories.open(policy)) {
      return WalStatus.read(repo);
    }
  }
}
