package io.cadang.controller.pitr;

import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalListing;
import io.cadang.agent.wal.WalSegments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which WAL objects no kept base backup needs, as a pure function of the keys under {@code wal/}
 * and the kept backups' start LSNs. A base backup needs every segment from the one holding its
 * start LSN onwards (on its timeline and on later ones), so everything with a lower segment number
 * — on any timeline — can go once the oldest kept backup starts after it. History files and
 * status.json are tiny and needed to follow timeline switches: never deleted. Keys that are not in
 * the documented layout are left alone. With no kept physical backup nothing is deleted: the WAL
 * may be all that is left of the system.
 *
 * <p>Partials that a complete segment or a newer partial supersedes go whatever the cut: the
 * streamer removes them itself, except when its identity may not delete (a write-only repository
 * credential), which leaves them to this pass.
 */
public final class WalRetentionPlanner {
  /** wal/&lt;TLI&gt;/&lt;SEGMENT&gt;(.partial-&lt;END&gt;)?(.zst.cdg|.json) */
  private static final Pattern SEGMENT_KEY =
      Pattern.compile(
          "^wal/([0-9A-F]{8})/([0-9A-F]{8})([0-9A-F]{16})(\\.partial-[0-9A-Fa-f]{8})?(\\.zst\\.cdg|\\.json)$");

  private WalRetentionPlanner() {}

  /**
   * @param keys every key under {@code wal/}
   * @param keptStartLsns start LSNs of the kept successful physical base backups
   * @return the keys to delete, in the order given (data objects and descriptors alike)
   */
  public static List<String> plan(List<String> keys, List<String> keptStartLsns) {
    Optional<Long> oldest =
        keptStartLsns.stream()
            .map(lsn -> WalSegments.DEFAULT.segmentOf(Lsn.parse(lsn)))
            .min(Long::compare);
    if (oldest.isEmpty()) {
      return List.of();
    }
    WalListing listing = WalListing.fromKeys(keys);
    List<String> delete = new ArrayList<>();
    for (String key : keys) {
      Matcher m = SEGMENT_KEY.matcher(key);
      // The file's own timeline must match its directory; anything else is not ours to judge.
      if (m.matches() && m.group(1).equals(m.group(2))) {
        String name = m.group(2) + m.group(3);
        long segment = WalSegments.DEFAULT.segmentOf(name);
        boolean superseded =
            m.group(4) != null
                && listing.supersedes(name, (int) Long.parseLong(m.group(4).substring(9), 16));
        if (segment < oldest.get() || superseded) {
          delete.add(key);
        }
      }
    }
    return delete;
  }
}
