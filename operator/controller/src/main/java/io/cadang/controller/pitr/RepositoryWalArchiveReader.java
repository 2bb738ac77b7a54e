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

  private Optional<WalStatus> readNow(BackupPolicy policy) throws IOException {
    try (Repository repo = repositories.open(policy)) {
      return WalStatus.read(repo);
    }
  }
}
