package io.cadang.agent.wal;

import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous WAL archiving: pg_receivewal writes into a local spool, this class uploads every
 * completed segment, the growing partial segment every interval and each timeline history file, and
 * advances the replication slot only past segments that are durable in the repository. So the
 * server keeps all WAL not yet stored; after a crash (even with the spool lost) streaming resumes
 * at the slot's restart position and nothing is missing.
 */
public final class WalStreamer {
  private static final Logger LOG = LoggerFactory.getLogger(WalStreamer.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** How long the replicas' last pass may take after the final upload of a graceful stop. */
  static final Duration FINAL_REPLICA_PASS = Duration.ofSeconds(30);

  /** The chain check runs every this many partial intervals (every minute by default). */
  private static final int CHAIN_CHECK_EVERY = 6;

  /**
   * @param pgBin explicit PostgreSQL tools directory, or null to pick the server's major
   * @param partialInterval how often the growing segment is uploaded and status written
   */
  public record Settings(
      PgTarget target, Path pgBin, String slot, Path spoolDir, Duration partialInterval) {}

  private enum Stop {
    GRACEFUL,
    CRASH
  }

  private final WalArchive archive;
  private final Clock clock;
  private final Settings settings;
  private volatile Stop stop;

  private WalServer server;
  private WalSegments segments;
  private WalSpool spool;
  private String systemIdentifier;
  private int timeline;
  private String lastSegment;
  private Lsn archivedLsn = Lsn.ZERO;
  private Instant archivedAt;
  private Lsn serverLsn = Lsn.ZERO;
  private String error;
  private String gap;
  private final WalVerifier chainVerifier;
  private String lastPartialName;
  private int lastPartialEnd;
  private final Set<String> archivedHistories = new HashSet<>();
  private volatile long receiverPid = -1;
  private final List<WalReplicator> replicators;

  public WalStreamer(Repository repository, KeyProvider keys, Clock clock, Settings settings) {
    this(repository, keys, clock, settings, List.of());
  }

  /**
   * @param replicators one per replica repository: started with streaming, nudged after each
   *     upload, given one last pass after the final upload of a graceful stop
   */
  public WalStreamer(
      Repository repository,
      KeyProvider keys,
      Clock clock,
      Settings settings,
      List<WalReplicator> replicators) {
    this.archive = new WalArchive(repository, keys, clock);
    this.chainVerifier = new WalVerifier(archive);
    this.clock = clock;
    this.settings = settings;
    this.replicators = List.copyOf(replicators);
  }

  /** Ends streaming: pg_receivewal is stopped, the final partial uploaded, status written. */
  public void requestStop() {
    stop = Stop.GRACEFUL;
  }

  /** Ends at once without a final upload, as a killed pod would (for tests). */
  public void crash() {
    stop = Stop.CRASH;
  }

  /** The pg_receivewal process id, -1 when none runs (tests kill it to simulate failures). */
  public long receiverPid() {
    return receiverPid;
  }

  /**
   * Streams until {@link #requestStop()}; returns the last status written. A {@link WalConflict} is
   * reported in status.json and then thrown.
   */
  public WalStatus run() throws IOException, PgException, KeyException, InterruptedException {
    replicators.forEach(WalReplicator::start);
    boolean finished = false;
    try {
      WalStatus last = stream();
      if (stop == Stop.GRACEFUL) {
        finishReplicas();
        finished = true;
      }
      return last;
    } finally {
      if (!finished) {
        replicators.forEach(WalReplicator::stopNow);
      }
    }
  }

  /** After the final upload: one last pass per replica, all at once, bounded in time. */
  private void finishReplicas() throws InterruptedException {
    if (replicators.isEmpty()) {
      return;
    }
    replicators.forEach(WalReplicator::requestFinish);
    long deadline = System.nanoTime() + FINAL_REPLICA_PASS.toNanos();
    for (WalReplicator r : replicators) {
      r.awaitFinish(deadline);
    }
  }

  private WalStatus stream() throws IOException, PgException, KeyException, InterruptedException {
    try (WalServer s = new WalServer(settings.target())) {
      server = s;
      start();
      PgTools tools = PgTools.forServer(settings.pgBin(), server.majorVersion());
      WalReceiver receiver = null;
      Duration backoff = Duration.ofSeconds(1);
      Instant restartAt = clock.instant();
      Instant receiverStarted = null;
      Instant nextPartial = clock.instant();
      Instant nextChainCheck = clock.instant().plus(settings.partialInterval());
      try {
        while (stop == null) {
          Instant now = clock.instant();
          if (receiver != null && !receiver.isAlive()) {
            error =
                "pg_receivewal exited (code "
                    + receiver.exitCode()
                    + "): "
                    + receiver.errorLine()
                    + "; restarting in "
                    + backoff.toSeconds()
                    + "s";
            LOG.warn(error);
            receiver.close();
            receiver = null;
            receiverPid = -1;
            // Store what it received before it died now: if the server is gone for good, that
            // partial is the last of its history and must not wait for the next interval.
            nextPartial = now;
            restartAt = now.plus(backoff);
            backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            writeStatusQuietly();
          }
          if (receiver == null && !now.isBefore(restartAt)) {
            try {
              archiveSpool(false, true);
              seedSpool();
              receiver = WalReceiver.start(tools, settings.target(), spool.dir());
              receiverPid = receiver.pid();
              receiverStarted = now;
              LOG.info("pg_receivewal started (pid {}) into {}", receiverPid, spool.dir());
            } catch (WalConflict e) {
              error = e.getMessage();
              writeStatusQuietly();
              throw e;
            } catch (IOException | PgException | KeyException e) {
              error = "cannot start streaming: " + e.getMessage();
              LOG.warn(error);
              writeStatusQuietly();
              restartAt = now.plus(backoff);
              backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            }
          }
          if (receiverStarted != null
              && receiver != null
              && Duration.between(receiverStarted, now).compareTo(MAX_BACKOFF) > 0) {
            backoff = Duration.ofSeconds(1);
          }
          if (receiver != null && !now.isBefore(nextChainCheck)) {
            checkChain();
            nextChainCheck = now.plus(settings.partialInterval().multipliedBy(CHAIN_CHECK_EVERY));
          }
          boolean partialDue = !now.isBefore(nextPartial);
          if (partialDue || !spool.completeSegments().isEmpty() || hasNewHistory()) {
            tick(partialDue, receiver != null);
            if (partialDue) {
              nextPartial = now.plus(settings.partialInterval());
            }
          }
          sleep(POLL);
        }
      } finally {
        if (receiver != null) {
          if (stop == Stop.CRASH) {
            receiver.kill();
          } else {
            receiver.stop();
          }
          receiver.close();
          receiverPid = -1;
        }
      }
      if (stop == Stop.GRACEFUL) {
        tick(true, false);
      }
      return status();
    }
  }

  private void start() throws IOException, PgException {
    systemIdentifier = server.systemIdentifier();
    Optional<WalStatus> previous = archive.status();
    if (previous.isPresent()) {
      WalStatus p = previous.get();
      if (!systemIdentifier.equals(p.systemIdentifier())) {
        throw new WalStreamException(
            "repository "
                + archive.repository().describe()
                + " holds the WAL of system "
                + p.systemIdentifier()
                + ", not of this server (system "
                + systemIdentifier
                + "); use a repository per PostgreSQL system");
      }
      lastSegment = p.lastSegment();
      archivedLsn = p.archivedLsn() == null ? Lsn.ZERO : Lsn.parse(p.archivedLsn());
      archivedAt = p.archivedAt();
    }
    segments = new WalSegments(server.segmentSize());
    spool = new WalSpool(settings.spoolDir(), segments);
    Lsn restart = server.ensureSlot(settings.slot());
    WalServer.Position position = server.position();
    timeline = position.timeline();
    serverLsn = position.lsn();
    if (lastSegment != null && restart.compareTo(archivedLsn) > 0) {
      LOG.warn(
          "replication slot '{}' starts at {} but the archive ends at {}: WAL in between is not"
              + " archived (was the slot dropped?)",
          settings.slot(),
          restart,
          archivedLsn);
    }
    LOG.info(
        "streaming WAL of system {} (timeline {}, {} MiB segments) into {}, slot '{}' at {}",
        systemIdentifier,
        timeline,
        segments.segmentSize() >> 20,
        archive.repository().describe(),
        settings.slot(),
        restart);
  }

  /**
   * Before pg_receivewal starts: when no partial marks where to resume, start at the segment
   * holding the slot's restart position, on the timeline that position belongs to.
   */
  private void seedSpool() throws IOException, PgException {
    Lsn restart = server.ensureSlot(settings.slot());
    int current = server.position().timeline();
    int tli = archive.history(current).timelineOf(restart);
    spool.seed(tli, restart).ifPresent(n -> LOG.info("resuming at {} (slot at {})", n, restart));
  }

  /** One round: upload what is ready, then report. */
  private void tick(boolean includePartial, boolean receiverRunning)
      throws IOException, PgException, KeyException {
    Instant observed = clock.instant();
    WalServer.Position position;
    try {
      position = server.position();
    } catch (PgException e) {
      // The server is unreachable (crashed, restarting, or lost for good). What pg_receivewal
      // already wrote is still the newest WAL there is: store it without moving the slot.
      error = e.getMessage();
      try {
        archiveSpool(includePartial, false);
      } catch (WalConflict c) {
        error = c.getMessage();
        writeStatusQuietly();
        throw c;
      } catch (IOException | PgException | KeyException u) {
        LOG.warn("cannot archive WAL while the server is unreachable: {}", u.getMessage());
      }
      writeStatusQuietly();
      return;
    }
    // The position is read before looking at the spool: if the archive reaches it afterwards,
    // everything the server had written at `observed` is durable.
    serverLsn = position.lsn();
    timeline = position.timeline();
    try {
      archiveSpool(includePartial, true);
    } catch (WalConflict e) {
      error = e.getMessage();
      writeStatusQuietly();
      throw e;
    } catch (IOException | PgException | KeyException e) {
      // Retried next round: nothing was deleted locally and the slot did not move.
      error = "cannot archive WAL to " + archive.repository().describe() + ": " + e.getMessage();
      LOG.warn(error);
      writeStatusQuietly();
      return;
    }
    if (includePartial && archivedLsn.compareTo(serverLsn) >= 0) {
      archivedAt = observed.truncatedTo(ChronoUnit.MILLIS);
      if (receiverRunning || stop != null) {
        error = null;
      }
    }
    writeStatusQuietly();
  }

  /**
   * @param serverReachable false while the server does not answer: segments are stored but kept in
   *     the spool, because the slot cannot move yet (they are skipped as identical next time)
   */
  private void archiveSpool(boolean includePartial, boolean serverReachable)
      throws IOException, KeyException, PgException {
    for (Path history : spool.historyFiles()) {
      String name = history.getFileName().toString();
      if (!archivedHistories.contains(name)) {
        WalArchive.Upload u =
            archive.upload(
                WalFile.history(WalSegments.timelineOf(name)), Files.readAllBytes(history));
        archivedHistories.add(name);
        logUpload(u);
      }
    }
    for (Path file : spool.completeSegments()) {
      byte[] content = Files.readAllBytes(file);
      String name = WalSpool.base(file);
      if (content.length != segments.segmentSize()) {
        throw new IOException(
            "spooled segment "
                + name
                + " has "
                + content.length
                + " bytes, expected "
                + segments.segmentSize());
      }
      logUpload(archive.upload(WalFile.segment(name), content));
      long seg = segments.segmentOf(name);
      Lsn end = segments.startOf(seg + 1);
      if (!serverReachable) {
        archived(name, end);
        continue;
      }
      // Only now may the server recycle this segment.
      server.advanceSlot(settings.slot(), end);
      archived(name, end);
      Files.delete(file);
      archive.writeStatus(status());
      replicators.forEach(WalReplicator::nudge);
    }
    List<Path> partials = spool.partialSegments();
    for (int i = 0; i < partials.size(); i++) {
      boolean current = i == partials.size() - 1;
      if (current && !includePartial) {
        break;
      }
      Path file = partials.get(i);
      byte[] content;
      try {
        content = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue; // completed and renamed meanwhile: uploaded on the next round
      }
      String name = WalSpool.base(file);
      int end = PartialEnd.of(content, content.length);
      if (end > 0 && (!name.equals(lastPartialName) || end > lastPartialEnd)) {
        byte[] padded = Arrays.copyOf(Arrays.copyOf(content, end), (int) segments.segmentSize());
        logUpload(archive.upload(WalFile.partial(name, end), padded));
        lastPartialName = name;
        lastPartialEnd = end;
        archived(name, segments.startOf(segments.segmentOf(name)).plus(end));
      }
      if (!current) {
        // A segment left partial when its timeline ended: archived, never written again.
        Files.delete(file);
      }
    }
  }

  /**
   * Lists the archive and checks it is continuous from every base backup's start (or from its first
   * segment), so a segment deleted or lost in the repository reaches status.json — and from there
   * the policy's WalArchiving condition — instead of waiting for someone to run verify. Listing
   * only: integrity of the bytes is `verify --wal --deep`.
   */
  private void checkChain() {
    String found;
    try {
      found = chainVerifier.verify(false).problems().stream().findFirst().orElse(null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot check the WAL chain: {}", e.getMessage());
      return;
    }
    if (!Objects.equals(found, gap)) {
      if (found != null) {
        LOG.warn("WAL archive not continuous: {}", found);
      }
      gap = found;
      writeStatusQuietly();
    }
  }

  private boolean hasNewHistory() throws IOException {
    for (Path h : spool.historyFiles()) {
      if (!archivedHistories.contains(h.getFileName().toString())) {
        return true;
      }
    }
    return false;
  }

  private void archived(String segmentName, Lsn end) {
    if (end.compareTo(archivedLsn) >= 0) {
      archivedLsn = end;
      lastSegment = segmentName;
    }
  }

  private static void logUpload(WalArchive.Upload u) {
    WalDescriptor d = u.descriptor();
    if (!u.written()) {
      LOG.info("{} already archived with the same content", d.name());
    } else if (d.partialEnd() != null) {
      LOG.debug("archived {} up to byte {}", d.name(), d.partialEnd());
    } else {
      LOG.info("archived {} ({} bytes stored)", d.name(), d.storedBytes());
    }
  }

  public WalStatus status() {
    return new WalStatus(
        WalStatus.FORMAT_VERSION,
        systemIdentifier,
        settings.slot(),
        timeline,
        lastSegment,
        archivedLsn.toString(),
        archivedAt,
        serverLsn.toString(),
        clock.instant().truncatedTo(ChronoUnit.MILLIS),
        settings.partialInterval().toSeconds(),
        error,
        gap);
  }

  private void writeStatusQuietly() {
    try {
      archive.writeStatus(status());
      replicators.forEach(WalReplicator::nudge);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write {}: {}", WalStatus.KEY, e.getMessage());
    }
  }

  private void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
