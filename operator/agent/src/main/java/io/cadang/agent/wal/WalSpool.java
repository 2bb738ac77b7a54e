package io.cadang.agent.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local directory pg_receivewal writes into. pg_receivewal resumes at the newest file it finds
 * there (after a complete segment, or at the start of a {@code .partial} one) and otherwise at the
 * server's current position, which after a restart with an empty directory would skip WAL; so
 * before each start we make sure a file names the position to resume from ({@link #seed}).
 */
public final class WalSpool {
  private final Path dir;
  private final WalSegments segments;

  public WalSpool(Path dir, WalSegments segments) throws IOException {
    this.dir = dir;
    this.segments = segments;
    Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Completed segments, in WAL order (segment number, then timeline). */
  public List<Path> completeSegments() throws IOException {
    return files(WalSegments::isSegmentName, "");
  }

  /** Partial segments (name without the suffix → path), in WAL order; the last is current. */
  public List<Path> partialSegments() throws IOException {
    return files(WalSegments::isSegmentName, ".partial");
  }

  public List<Path> historyFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> WalSegments.isHistoryName(p.getFileName().toString()))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  private List<Path> files(java.util.function.Predicate<String> isName, String suffix)
      throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.length() == 24 + suffix.length()
                    && n.endsWith(suffix)
                    && isName.test(n.substring(0, 24));
              })
          .forEach(out::add);
    }
    out.sort(
        Comparator.comparingLong((Path p) -> segments.segmentOf(base(p)))
            .thenComparingInt(p -> WalSegments.timelineOf(base(p))));
    return out;
  }

  public static String base(Path p) {
    return p.getFileName().toString().substring(0, 24);
  }

  public Optional<Path> currentPartial() throws IOException {
    List<Path> partials = partialSegments();
    return partials.isEmpty() ? Optional.empty() : Optional.of(partials.get(partials.size() - 1));
  }

  /**
   * Makes pg_receivewal start at the segment holding {@code from} on {@code timeline}: an empty
   * {@code .partial} file, which it accepts (0 bytes or a full segment) and fills from the
   * segment's start. Nothing is done when a partial already marks where to resume.
   *
   * @return the seeded file name, or empty when the spool already had a partial
   */
  public Optional<String> seed(int timeline, Lsn from) throws IOException {
    if (currentPartial().isPresent()) {
      return Optional.empty();
    }
    String name = segments.name(timeline, segments.segmentOf(from)) + ".partial";
    Files.write(dir.resolve(name), new byte[0]);
    return Optional.of(name);
  }
}
