package io.cadang.agent.wal;

import io.cadang.agent.repository.ObjectInfo;
import io.cadang.agent.repository.ObjectNotFoundException;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.repository.StoredDigest;
import io.cadang.agent.repository.VerifiedCopy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one replica repository's WAL archive in step with the primary's, on its own daemon thread
 * inside the streamer process (docs/pitr.md "WAL in every repository"). A pass:
 *
 * <ol>
 *   <li>reads the primary's {@code wal/status.json} S first;
 *   <li>lists {@code wal/} in both repositories (keys and sizes);
 *   <li>copies every archived file the replica lacks exactly as stored (no key involved), the data
 *       object first and its descriptor last, each streamed and read back (size and SHA-256, the
 *       same {@link VerifiedCopy} the backup copy uses);
 *   <li>removes the replica's partials that a newer partial or the complete segment supersedes;
 *   <li>only when all of that succeeded, writes S as the replica's own {@code wal/status.json}: so
 *       the replica's report never claims WAL the replica does not hold.
 * </ol>
 *
 * <p>Never overwrites: an object already in the replica with other content is a conflict, logged
 * and left alone (S is then not written), and a replica whose status.json names another system is
 * refused outright. A failing replica costs only this thread: one log line per failed pass, backoff
 * doubling to 30 s, nothing queued (each pass starts from the listings), so it catches up when it
 * returns and never slows the primary archive or grows memory.
 */
public final class WalReplicator {
  private static final Logger LOG = LoggerFactory.getLogger(WalReplicator.class);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final int MAX_SMALL_OBJECT = 64 * 1024;
  private static final int MAX_REPORTED_CONFLICTS = 1000;

  /** Opens the replica's repository (with the replica's own credentials); retried on failure. */
  @FunctionalInterface
  public interface Opener {
    Repository open() throws IOException;
  }

  public enum Outcome {
    /** Everything S covers is in the replica and S was written there. */
    CURRENT,
    /** Something was not copied (a conflict, an object gone meanwhile): S was not written. */
    INCOMPLETE,
    /** The replica holds another system's WAL: nothing was written. */
    REFUSED,
    /** The primary has no status.json yet: nothing to do. */
    NO_STATUS
  }

  /**
   * What one pass did.
   *
   * @param copied files (data + descriptor) copied and verified
   * @param present files found already in the replica
   * @param removed superseded partials removed from the replica
   * @param problems conflicts and refusals, one line each
   * @param archivedLsn S's archivedLsn (what the replica now covers when CURRENT)
   */
  public record Pass(
      Outcome outcome,
      int copied,
      long bytes,
      int present,
      int removed,
      List<String> problems,
      String archivedLsn) {}

  private final String name;
  private final Repository primary;
  private final Opener opener;
  private final Duration interval;
  private final Object lock = new Object();
  private boolean nudged;
  private boolean finishRequested;
  private boolean stopRequested;
  private Thread thread;
  private Repository replica;
  private final Set<String> reportedConflicts = new HashSet<>();
  private String reportedRefusal;
  private volatile Pass lastPass;
  private volatile int failures;
  private volatile long passes;

  /**
   * @param name the replica's name, for logs
   * @param primary a handle on the primary repository for this replicator's reads (its own, so a
   *     slow replica never holds the streamer's connections)
   * @param interval time between passes when not nudged (the partial interval)
   */
  public WalReplicator(String name, Repository primary, Opener opener, Duration interval) {
    this.name = name;
    this.primary = primary;
    this.opener = opener;
    this.interval = interval;
  }

  public String name() {
    return name;
  }

  /** The last completed pass, null before the first. */
  public Pass lastPass() {
    return lastPass;
  }

  /** Failed passes in a row (0 after a pass that reached the replica). */
  public int consecutiveFailures() {
    return failures;
  }

  public long passes() {
    return passes;
  }

  /** Starts the daemon thread. */
  public void start() {
    thread = new Thread(this::loop, "wal-replica-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Something new was archived in the primary: pass soon (ignored while backing off). */
  public void nudge() {
    synchronized (lock) {
      nudged = true;
      lock.notifyAll();
    }
  }

  /** Asks for one last pass (after the primary's final upload) and the end of the thread. */
  public void requestFinish() {
    synchronized (lock) {
      finishRequested = true;
      lock.notifyAll();
    }
  }

  /**
   * Waits until the thread ended after {@link #requestFinish()}; past the deadline it is
   * interrupted (the replica catches up at the next start). Returns whether it ended in time.
   */
  public boolean awaitFinish(long deadlineNanos) throws InterruptedException {
    if (thread == null) {
      return true;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      thread.join(Math.max(1, left / 1_000_000));
    }
    if (thread.isAlive()) {
      LOG.warn(
          "WAL replica '{}': the final pass did not end in time; it catches up at the next start",
          name);
      stopNow();
      return false;
    }
    return true;
  }

  /** Ends at once, without a final pass (a crash of the streamer, a fatal error). */
  public void stopNow() {
    synchronized (lock) {
      stopRequested = true;
      lock.notifyAll();
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void loop() {
    try {
      long nextAt = System.nanoTime();
      boolean backingOff = false;
      while (awaitTurn(nextAt, !backingOff)) {
        Duration delay = runOnce();
        // A refused replica is re-checked every 30 s, not at every nudge.
        backingOff = failures > 0 || (lastPass != null && lastPass.outcome() == Outcome.REFUSED);
        nextAt = System.nanoTime() + delay.toNanos();
      }
      boolean finalPass;
      synchronized (lock) {
        finalPass = finishRequested && !stopRequested;
      }
      if (finalPass) {
        runOnce();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeReplica();
    }
  }

  /** Waits for the next pass; false when the loop should end. */
  private boolean awaitTurn(long atNanos, boolean acceptNudge) throws InterruptedException {
    synchronized (lock) {
      while (!stopRequested && !finishRequested && !(acceptNudge && nudged)) {
        long left = atNanos - System.nanoTime();
        if (left <= 0) {
          break;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      nudged = false;
      return !stopRequested && !finishRequested;
    }
  }

  /** One pass with its logging; returns the delay until the next. */
  private Duration runOnce() {
    try {
      Pass p = pass();
      passes++;
      if (failures > 0) {
        LOG.info(
            "WAL replica '{}' ({}) reachable again after {} failed pass(es): {} file(s) copied, {}",
            name,
            replica.describe(),
            failures,
            p.copied(),
            p.outcome() == Outcome.CURRENT
                ? "current up to " + p.archivedLsn()
                : p.outcome().toString().toLowerCase());
      } else if (lastPass == null && p.outcome() == Outcome.CURRENT) {
        LOG.info(
            "WAL replica '{}' ({}) current up to {} ({} file(s) copied, {} already there)",
            name,
            replica.describe(),
            p.archivedLsn(),
            p.copied(),
            p.present());
      } else if (p.copied() > 0 || p.removed() > 0) {
        LOG.debug(
            "WAL replica '{}': {} file(s) copied ({} bytes), {} superseded partial(s) removed",
            name,
            p.copied(),
            p.bytes(),
            p.removed());
      }
      failures = 0;
      lastPass = p;
      return p.outcome() == Outcome.REFUSED ? MAX_BACKOFF : interval;
    } catch (IOException | RuntimeException e) {
      passes++;
      int n = ++failures;
      Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(n - 1, 5));
      if (backoff.compareTo(MAX_BACKOFF) > 0) {
        backoff = MAX_BACKOFF;
      }
      LOG.warn(
          "WAL replica '{}'{}: pass failed ({} in a row): {}; next try in {} s",
          name,
          replica == null ? "" : " (" + replica.describe() + ")",
          n,
          oneLine(e),
          backoff.toSeconds());
      return backoff;
    }
  }

  /** One pass, in the calling thread (the loop's, or a test's). */
  Pass pass() throws IOException {
    Repository target = replica();
    // (a) S first: everything it covers is in the primary's listing read after it.
    byte[] statusBytes = readSmall(primary, WalStatus.KEY);
    if (statusBytes == null) {
      return new Pass(Outcome.NO_STATUS, 0, 0, 0, 0, List.of(), null);
    }
    WalStatus s = WalJson.read(WalStatus.KEY, statusBytes, WalStatus.class);
    byte[] theirs = readSmall(target, WalStatus.KEY);
    if (theirs != null) {
      WalStatus r = WalJson.read(WalStatus.KEY, theirs, WalStatus.class);
      if (!Objects.equals(r.systemIdentifier(), s.systemIdentifier())) {
        String refusal =
            "WAL replica '"
                + name
                + "' ("
                + target.describe()
                + ") holds the WAL of system "
                + r.systemIdentifier()
                + ", the primary that of system "
                + s.systemIdentifier()
                + ": refused, nothing written to it (use a replica repository per PostgreSQL"
                + " system)";
        if (!refusal.equals(reportedRefusal)) {
          LOG.error(refusal);
          reportedRefusal = refusal;
        }
        return new Pass(Outcome.REFUSED, 0, 0, 0, 0, List.of(refusal), s.archivedLsn());
      }
    }
    reportedRefusal = null;
    // (b) both listings, with sizes.
    Map<String, Long> source = sizes(primary.listObjects(WalFile.ROOT));
    Map<String, Long> replicaObjects = sizes(target.listObjects(WalFile.ROOT));
    // (c) copy what the replica lacks, data first, descriptor last.
    int copied = 0;
    int present = 0;
    long bytes = 0;
    boolean complete = true;
    List<String> problems = new ArrayList<>();
    for (WalFile f : archived(source.keySet())) {
      String dataKey = f.dataKey();
      String descriptorKey = f.descriptorKey();
      Long sourceData = source.get(dataKey);
      Long sourceDescriptor = source.get(descriptorKey);
      Long theirData = replicaObjects.get(dataKey);
      Long theirDescriptor = replicaObjects.get(descriptorKey);
      if (sourceData == null) {
        complete = false; // a descriptor without data in the primary: not ours to repair
        problems.add(dataKey + " is missing in the primary");
        continue;
      }
      if (theirDescriptor != null) {
        if (theirDescriptor.equals(sourceDescriptor) && sourceData.equals(theirData)) {
          present++;
        } else {
          complete = false;
          problems.add(
              conflict(
                  f,
                  "descriptor "
                      + theirDescriptor
                      + " bytes and data "
                      + (theirData == null ? "missing" : theirData + " bytes")
                      + " in the replica, "
                      + sourceDescriptor
                      + " and "
                      + sourceData
                      + " bytes in the primary"));
        }
        continue;
      }
      byte[] descriptor = readSmall(primary, descriptorKey);
      if (descriptor == null) {
        complete = false; // a partial superseded since the listing: the next pass has its successor
        continue;
      }
      WalDescriptor d = WalJson.read(descriptorKey, descriptor, WalDescriptor.class);
      StoredDigest wanted = new StoredDigest(d.storedBytes(), d.storedSha256());
      if (theirData != null) {
        // A data object without descriptor: a copy interrupted before its descriptor (kept), or
        // something else under this name (refused).
        StoredDigest there = VerifiedCopy.digestIfPresent(target, dataKey, wanted.size());
        if (!wanted.equals(there)) {
          complete = false;
          problems.add(
              conflict(
                  f,
                  "data object with size "
                      + (there == null ? "?" : there.size())
                      + " and sha256 "
                      + (there == null ? "?" : there.sha256())
                      + " in the replica, the primary's descriptor says size "
                      + wanted.size()
                      + " and sha256 "
                      + wanted.sha256()));
          continue;
        }
      } else {
        try {
          bytes += VerifiedCopy.stream(primary, target, dataKey, wanted, "its descriptor");
        } catch (ObjectNotFoundException e) {
          complete = false; // superseded meanwhile
          continue;
        }
        VerifiedCopy.verify(target, dataKey, wanted);
      }
      VerifiedCopy.putVerified(target, descriptorKey, descriptor);
      bytes += descriptor.length;
      replicaObjects.put(dataKey, wanted.size());
      replicaObjects.put(descriptorKey, (long) descriptor.length);
      copied++;
    }
    // (d) partials the replica no longer needs, as WalArchive does in the primary.
    int removed = removeSupersededPartials(target, replicaObjects);
    // (e) S only when everything it covers is there.
    if (!complete) {
      return new Pass(
          Outcome.INCOMPLETE, copied, bytes, present, removed, problems, s.archivedLsn());
    }
    VerifiedCopy.putVerified(target, WalStatus.KEY, statusBytes);
    return new Pass(Outcome.CURRENT, copied, bytes, present, removed, problems, s.archivedLsn());
  }

  /**
   * The archived files of a listing (those with a descriptor): history files, complete segments,
   * and for a segment not complete only its newest partial; in that order, by name.
   */
  static List<WalFile> archived(Set<String> keys) {
    List<WalFile> histories = new ArrayList<>();
    List<WalFile> segments = new ArrayList<>();
    Set<String> completeSegments = new TreeSet<>();
    Map<String, Integer> newestPartial = new TreeMap<>();
    for (String key : keys) {
      WalFile f = fileOf(key, WalFile.DESCRIPTOR_SUFFIX);
      if (f == null) {
        continue;
      }
      switch (f.kind()) {
        case HISTORY -> histories.add(f);
        case SEGMENT -> {
          segments.add(f);
          completeSegments.add(f.segmentName());
        }
        case PARTIAL -> newestPartial.merge(f.segmentName(), f.partialEnd(), Math::max);
      }
    }
    List<WalFile> files = new ArrayList<>(histories);
    files.addAll(segments);
    newestPartial.forEach(
        (segment, end) -> {
          if (!completeSegments.contains(segment)) {
            files.add(WalFile.partial(segment, end));
          }
        });
    return files;
  }

  /** The file a layout key names ({@code suffix}: descriptor or data), or null for other keys. */
  static WalFile fileOf(String key, String suffix) {
    if (!key.startsWith(WalFile.ROOT) || !key.endsWith(suffix)) {
      return null;
    }
    String base = key.substring(key.lastIndexOf('/') + 1, key.length() - suffix.length());
    WalFile f;
    if (WalSegments.isSegmentName(base)) {
      f = WalFile.segment(base);
    } else if (WalSegments.isHistoryName(base)) {
      f = WalFile.history(WalSegments.timelineOf(base));
    } else if (base.length() == 24 + 9 + 8
        && base.startsWith(".partial-", 24)
        && WalSegments.isSegmentName(base.substring(0, 24))
        && base.substring(33).matches("[0-9A-F]{8}")) {
      f = WalFile.partial(base.substring(0, 24), (int) Long.parseLong(base.substring(33), 16));
    } else {
      return null;
    }
    // Only the exact layout key (right timeline directory) counts.
    return (f.keyBase() + suffix).equals(key) ? f : null;
  }

  /**
   * Deletes each partial (descriptor first, then data) whose segment the replica holds complete or
   * as a newer partial with its descriptor.
   */
  private static int removeSupersededPartials(Repository target, Map<String, Long> objects)
      throws IOException {
    WalListing listing = WalListing.fromKeys(objects.keySet());
    Set<WalFile> superseded = new TreeSet<>((a, b) -> a.keyBase().compareTo(b.keyBase()));
    for (String key : objects.keySet()) {
      WalFile f = fileOf(key, WalFile.DESCRIPTOR_SUFFIX);
      if (f == null) {
        f = fileOf(key, WalFile.DATA_SUFFIX);
      }
      if (f == null || f.kind() != WalFile.Kind.PARTIAL) {
        continue;
      }
      if (listing.supersedes(f.segmentName(), f.partialEnd())) {
        superseded.add(f);
      }
    }
    int removed = 0;
    for (WalFile f : superseded) {
      if (!WalArchive.deleteIfAllowed(target, f.descriptorKey())) {
        break; // a write-only identity: the operator's WAL retention removes them
      }
      WalArchive.deleteIfAllowed(target, f.dataKey());
      objects.remove(f.descriptorKey());
      objects.remove(f.dataKey());
      removed++;
    }
    return removed;
  }

  private String conflict(WalFile f, String detail) {
    String line =
        "WAL replica '"
            + name
            + "': "
            + f
            + " is already in the replica with other content ("
            + detail
            + "); not overwriting, the replica's status.json is not updated";
    if (reportedConflicts.size() < MAX_REPORTED_CONFLICTS && reportedConflicts.add(f.keyBase())) {
      LOG.error(line);
    }
    return line;
  }

  private Repository replica() throws IOException {
    if (replica == null) {
      replica = opener.open();
    }
    return replica;
  }

  private void closeReplica() {
    if (replica != null) {
      try {
        replica.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing WAL replica '{}': {}", name, e.getMessage());
      }
    }
  }

  private static Map<String, Long> sizes(List<ObjectInfo> objects) {
    Map<String, Long> sizes = new TreeMap<>();
    for (ObjectInfo o : objects) {
      sizes.put(o.key(), o.size());
    }
    return sizes;
  }

  /** A small JSON object's bytes, null when absent. */
  private static byte[] readSmall(Repository repository, String key) throws IOException {
    byte[] bytes;
    try (InputStream in = repository.open(key)) {
      bytes = in.readNBytes(MAX_SMALL_OBJECT + 1);
    } catch (ObjectNotFoundException e) {
      return null;
    }
    if (bytes.length > MAX_SMALL_OBJECT) {
      throw new IOException(key + " in " + repository.describe() + " is too large");
    }
    return bytes;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replace('\n', ' ');
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }
}
