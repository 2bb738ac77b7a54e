package io.cadang.agent.wal;

import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cadang verify --wal}: for each physical base backup, is the WAL continuous from its start
 * to the latest archived point (following timeline history)? With {@code deep}, every archived
 * segment is also downloaded and checked (authentication, sizes, checksums).
 */
public final class WalVerifier {

  private final WalArchive archive;
  private final Repository repository;
  private final BackupCatalog catalog;
  // Both are write-once in the repository (a history file is never rewritten, a base backup's
  // start is fixed), so a verifier that runs repeatedly reads each only once.
  private final Map<String, Optional<Start>> backupStarts = new HashMap<>();
  private final Map<Integer, TimelineHistory> historyCache = new HashMap<>();

  public WalVerifier(WalArchive archive) {
    this.archive = archive;
    this.repository = archive.repository();
    this.catalog = new BackupCatalog(repository);
  }

  /** Where replay of a base backup starts. */
  public record Start(String label, int timeline, Lsn lsn) {}

  /**
   * @param lines one line per base backup (and per corrupted object)
   * @param problems the lines naming a gap or a corrupted object, oldest first
   */
  public record Report(List<String> lines, List<String> problems) {
    /** No gap and no corrupted object. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  public Report verify(boolean deep) throws IOException {
    WalListing listing = archive.list();
    WalSegments segments = segmentSize(listing);
    Map<Integer, TimelineHistory> histories = new HashMap<>();
    for (int tli : listing.historyTimelines()) {
      TimelineHistory h = historyCache.get(tli);
      if (h == null) {
        h = archive.history(tli);
        historyCache.put(tli, h);
      }
      histories.put(tli, h);
    }
    List<String> lines = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Start> starts = physicalBackups();
    if (starts.isEmpty()) {
      String first = firstArchived(listing, segments);
      if (first == null) {
        String none = "no WAL archived and no physical base backup";
        return new Report(List.of(none), List.of(none));
      }
      lines.add("no physical base backup; checking WAL from the first archived segment " + first);
      starts =
          List.of(
              new Start(
                  "archive",
                  WalSegments.timelineOf(first),
                  segments.startOf(segments.segmentOf(first))));
    }
    for (Start s : starts) {
      WalChain.Result r = WalChain.check(listing, histories, segments, s.timeline(), s.lsn());
      if (r.ok()) {
        lines.add(
            String.format(
                "%s (timeline %d, start %s): WAL continuous through %s%s on timeline %d, %d segment(s)",
                s.label(),
                s.timeline(),
                s.lsn(),
                r.lastSegment(),
                r.endsInPartial() ? " (partial)" : "",
                r.timeline(),
                r.segmentCount(segments)));
      } else {
        String gap =
            String.format(
                "%s (timeline %d, start %s): %s%s",
                s.label(),
                s.timeline(),
                s.lsn(),
                r.firstGap(),
                r.missing().size() > 1 ? " (" + r.missing().size() + " segments missing)" : "");
        lines.add(gap);
        problems.add(gap);
      }
    }
    if (deep) {
      int checked = 0;
      List<WalFile> files = new ArrayList<>();
      listing.historyTimelines().forEach(t -> files.add(WalFile.history(t)));
      listing.segments().forEach(n -> files.add(WalFile.segment(n)));
      listing.partials().forEach((n, end) -> files.add(WalFile.partial(n, end)));
      for (WalFile f : files) {
        try {
          archive.read(f, OutputStream.nullOutputStream());
          checked++;
        } catch (ArtifactIntegrityException e) {
          String corrupted = "corrupted " + f + ": " + e.getMessage();
          lines.add(corrupted);
          problems.add(corrupted);
        }
      }
      lines.add("deep check: " + checked + " of " + files.size() + " archived file(s) intact");
    }
    return new Report(List.copyOf(lines), List.copyOf(problems));
  }

  /**
   * Where replay of each physical base backup starts. A manifest's start never changes, so each is
   * read once per verifier: the streamer keeps one and checks the chain every few intervals.
   */
  List<Start> physicalBackups() throws IOException {
    List<Start> starts = new ArrayList<>();
    for (String key : repository.list(BackupLayout.ROOT)) {
      String id = BackupLayout.backupIdOfManifest(key);
      if (id == null) {
        continue;
      }
      Optional<Start> start = backupStarts.get(id);
      if (start == null) {
        start = startOf(load(id));
        backupStarts.put(id, start);
      }
      start.ifPresent(starts::add);
    }
    return starts;
  }

  private BackupManifest load(String backupId) throws IOException {
    try {
      return catalog.load(backupId);
    } catch (ManifestException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static Optional<Start> startOf(BackupManifest m) {
    BackupManifest.Physical p = m.physical();
    return p == null
        ? Optional.empty()
        : Optional.of(new Start("backup " + m.backupId(), p.timeline(), Lsn.parse(p.startLsn())));
  }

  private WalSegments segmentSize(WalListing listing) throws IOException {
    for (String name : listing.segments()) {
      return archive
          .descriptor(WalFile.segment(name))
          .map(d -> new WalSegments(d.rawBytes()))
          .orElse(WalSegments.DEFAULT);
    }
    return WalSegments.DEFAULT;
  }

  private static String firstArchived(WalListing listing, WalSegments segments) {
    String first = null;
    List<String> all = new ArrayList<>(listing.segments());
    all.addAll(listing.partials().keySet());
    for (String n : all) {
      if (first == null
          || segments.segmentOf(n) < segments.segmentOf(first)
          || (segments.segmentOf(n) == segments.segmentOf(first)
              && WalSegments.timelineOf(n) < WalSegments.timelineOf(first))) {
        first = n;
      }
    }
    return first;
  }
}
