package io.cadang.agent.wal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code restore_command} runs: puts one archived file at PostgreSQL's destination path,
 * written to a temporary name and renamed, so PostgreSQL never sees half a file. Recovery asks for
 * segments one by one; with a spool directory, a miss also downloads the next complete segments
 * concurrently so later calls only move a file.
 */
public final class WalFetcher {
  /**
   * What {@code cadang wal-fetch} prints (after the file name) when the archive lacks a file. It is
   * the one answer that means "not found": PostgreSQL cannot tell it from a command that failed to
   * start, so recovery checks for these words (see RecoveryServer#checkRestoreCommand).
   */
  public static final String NOT_FOUND_NOTICE = " is not in the WAL archive";

  public enum Outcome {
    /** The file is at the destination. */
    WRITTEN,
    /** The archive does not have it: the end of the archived WAL. */
    NOT_FOUND
  }

  private final WalArchive archive;
  private final Path spool;
  private final int prefetch;

  /**
   * @param spool where prefetched segments wait, or null for no prefetching
   * @param prefetch how many following segments a miss downloads
   */
  public WalFetcher(WalArchive archive, Path spool, int prefetch) {
    this.archive = archive;
    this.spool = spool;
    this.prefetch = spool == null ? 0 : prefetch;
  }

  public Outcome fetch(String name, Path destination) throws IOException {
    WalFile asked;
    try {
      asked = WalFile.parse(name);
    } catch (IllegalArgumentException e) {
      return Outcome.NOT_FOUND; // e.g. a backup history file: nothing of that kind is archived
    }
    if (asked.kind() == WalFile.Kind.PARTIAL) {
      return Outcome.NOT_FOUND;
    }
    if (spool != null) {
      Files.createDirectories(spool);
      Path spooled = spool.resolve(name);
      if (Files.exists(spooled)) {
        moveInto(spooled, destination);
        return Outcome.WRITTEN;
      }
    }
    Optional<WalFile> found = archive.resolve(name);
    if (found.isEmpty()) {
      return Outcome.NOT_FOUND;
    }
    List<Future<?>> prefetching = new ArrayList<>();
    ExecutorService pool = null;
    if (prefetch > 0 && asked.kind() == WalFile.Kind.SEGMENT) {
      // Segment names depend on the segment size, which a descriptor records (no server here).
      WalSegments segments =
          new WalSegments(
              archive
                  .descriptor(found.get())
                  .map(WalDescriptor::rawBytes)
                  .orElse(WalSegments.DEFAULT_SIZE));
      removeOlderSpooled(asked, segments);
      pool = Executors.newFixedThreadPool(Math.min(prefetch, 16), WalFetcher::daemon);
      long segment = segments.segmentOf(name);
      for (int i = 1; i <= prefetch; i++) {
        String next = segments.name(asked.timeline(), segment + i);
        if (!Files.exists(spool.resolve(next))) {
          prefetching.add(pool.submit(() -> prefetchOne(next)));
        }
      }
    }
    try {
      writeAtomically(found.get(), destination);
    } finally {
      if (pool != null) {
        pool.shutdown();
        awaitQuietly(pool);
      }
    }
    return Outcome.WRITTEN;
  }

  /**
   * Only complete segments are prefetched: a partial may still grow. A failed prefetch is left for
   * the later call to meet (and report) when it fetches the segment itself.
   */
  private Void prefetchOne(String name) throws IOException {
    WalFile file = WalFile.segment(name);
    if (archive.descriptor(file).isPresent()) {
      writeAtomically(file, spool.resolve(name));
    }
    return null;
  }

  private void writeAtomically(WalFile file, Path destination) throws IOException {
    Path dir = destination.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + destination.getFileName(), ".cadang-tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        archive.read(file, out);
      }
      Files.move(
          tmp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Moves a spooled file into place; across file systems through a temporary copy. */
  private static void moveInto(Path spooled, Path destination) throws IOException {
    try {
      Files.move(
          spooled,
          destination,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Path tmp =
          Files.createTempFile(destination.toAbsolutePath().getParent(), ".wal", ".cadang-tmp");
      try {
        Files.copy(spooled, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            tmp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(spooled);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Recovery moves forward: spooled segments before the asked one will not be asked for again. */
  private void removeOlderSpooled(WalFile asked, WalSegments segments) throws IOException {
    long segment = segments.segmentOf(asked.segmentName());
    try (Stream<Path> files = Files.list(spool)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (WalSegments.isSegmentName(n) && segments.segmentOf(n) < segment) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "wal-prefetch");
    t.setDaemon(true);
    return t;
  }
}
