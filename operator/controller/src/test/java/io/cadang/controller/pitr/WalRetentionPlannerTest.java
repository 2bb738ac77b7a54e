package io.cadang.controller.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalSegments;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WalRetentionPlannerTest {

  @Test
  void deletesSegmentsAndDescriptorsBelowTheOldestKeptStartOnEveryTimeline() {
    List<String> keys =
        List.of(
            "wal/00000001/000000010000000000000002.zst.cdg",
            "wal/00000001/000000010000000000000002.json",
            "wal/00000001/000000010000000000000003.partial-00A00000.zst.cdg",
            "wal/00000001/000000010000000000000003.partial-00A00000.json",
            "wal/00000001/000000010000000000000004.zst.cdg",
            "wal/00000001/000000010000000000000004.json",
            "wal/00000002/00000002.history.zst.cdg",
            "wal/00000002/00000002.history.json",
            "wal/00000002/000000020000000000000003.zst.cdg",
            "wal/00000002/000000020000000000000005.zst.cdg",
            "wal/status.json");

    // Base backups starting in segment 4 and 6: segment 4 onwards is needed.
    List<String> delete = WalRetentionPlanner.plan(keys, List.of("0/6000028", "0/4000028"));

    assertEquals(
        List.of(
            "wal/00000001/000000010000000000000002.zst.cdg",
            "wal/00000001/000000010000000000000002.json",
            "wal/00000001/000000010000000000000003.partial-00A00000.zst.cdg",
            "wal/00000001/000000010000000000000003.partial-00A00000.json",
            "wal/00000002/000000020000000000000003.zst.cdg"),
        delete);
  }

  @Test
  void supersededPartialsGoAboveTheCutToo() {
    List<String> keys =
        List.of(
            "wal/00000001/000000010000000000000007.partial-00100000.zst.cdg",
            "wal/00000001/000000010000000000000007.partial-00100000.json",
            "wal/00000001/000000010000000000000007.zst.cdg",
            "wal/00000001/000000010000000000000007.json",
            "wal/00000001/000000010000000000000008.partial-00200000.zst.cdg",
            "wal/00000001/000000010000000000000008.partial-00200000.json",
            "wal/00000001/000000010000000000000008.partial-00300000.zst.cdg",
            "wal/00000001/000000010000000000000008.partial-00300000.json",
            // A newer partial without its descriptor is not durable yet: it supersedes nothing.
            "wal/00000001/000000010000000000000008.partial-00400000.zst.cdg");

    assertEquals(
        List.of(
            "wal/00000001/000000010000000000000007.partial-00100000.zst.cdg",
            "wal/00000001/000000010000000000000007.partial-00100000.json",
            "wal/00000001/000000010000000000000008.partial-00200000.zst.cdg",
            "wal/00000001/000000010000000000000008.partial-00200000.json"),
        WalRetentionPlanner.plan(keys, List.of("0/4000028")));
  }

  /** The reference rule, written independently of the planner: by string comparison. */
  private static boolean superseded(String key, List<String> keys) {
    int at = key.indexOf(".partial-");
    if (at < 0) {
      return false;
    }
    String base = key.substring(0, at);
    String end = key.substring(at + 9, at + 17);
    return keys.stream()
        .filter(k -> k.startsWith(base) && k.endsWith(".json"))
        .anyMatch(
            k ->
                k.equals(base + ".json")
                    || (k.startsWith(base + ".partial-")
                        && k.substring(at + 9, at + 17).compareTo(end) > 0));
  }

  @Test
  void withoutAKeptPhysicalBackupNothingIsDeleted() {
    assertEquals(
        List.of(),
        WalRetentionPlanner.plan(
            List.of("wal/00000001/000000010000000000000001.zst.cdg"), List.of()));
  }

  @Test
  void segmentNumbersCrossTheLogBoundary() {
    // 0/FF000000 is segment 255 of log 0; 1/0 is segment 0 of log 1 = number 256.
    assertEquals(255, WalSegments.DEFAULT.segmentOf(Lsn.parse("0/FF000000")));
    assertEquals(256, WalSegments.DEFAULT.segmentOf(Lsn.parse("1/0")));
    assertEquals(256, WalSegments.DEFAULT.segmentOf("000000010000000100000000"));
    assertEquals(
        List.of("wal/00000001/0000000100000000000000FF.zst.cdg"),
        WalRetentionPlanner.plan(
            List.of(
                "wal/00000001/0000000100000000000000FF.zst.cdg",
                "wal/00000001/000000010000000100000000.zst.cdg"),
            List.of("1/28")));
  }

  /**
   * Property over random archives: a key is deleted exactly when it is a segment object (data or
   * descriptor, complete or partial) whose number is below the oldest kept start; history files,
   * status.json and foreign keys always stay.
   */
  @Test
  void deletesExactlyTheSegmentsNoKeptBackupNeeds() {
    Random random = new Random(20261121);
    for (int round = 0; round < 500; round++) {
      List<String> keys = new ArrayList<>();
      List<Long> segmentOfKey = new ArrayList<>();
      int count = random.nextInt(40);
      for (int i = 0; i < count; i++) {
        int tli = 1 + random.nextInt(3);
        long segment = random.nextInt(600);
        String name = String.format("%08X%08X%08X", tli, segment / 256, segment % 256);
        String dir = String.format("wal/%08X/", tli);
        String suffix =
            switch (random.nextInt(4)) {
              case 0 -> ".zst.cdg";
              case 1 -> ".json";
              case 2 -> String.format(".partial-%08X.zst.cdg", random.nextInt(1 << 24));
              default -> String.format(".partial-%08X.json", random.nextInt(1 << 24));
            };
        keys.add(dir + name + suffix);
        segmentOfKey.add(segment);
      }
      List<String> untouchable =
          List.of("wal/status.json", "wal/00000002/00000002.history.zst.cdg", "wal/notes.txt");
      keys.addAll(untouchable);
      List<String> starts = new ArrayList<>();
      long oldest = Long.MAX_VALUE;
      for (int i = random.nextInt(4); i > 0; i--) {
        long start = random.nextInt(600) * WalSegments.DEFAULT_SIZE + random.nextInt(1 << 20);
        starts.add(
            Long.toHexString(start >>> 32).toUpperCase()
                + "/"
                + Long.toHexString(start & 0xFFFFFFFFL).toUpperCase());
        oldest = Math.min(oldest, start / WalSegments.DEFAULT_SIZE);
      }

      Set<String> deleted = new HashSet<>(WalRetentionPlanner.plan(keys, starts));

      for (int i = 0; i < count; i++) {
        boolean expected =
            !starts.isEmpty() && (segmentOfKey.get(i) < oldest || superseded(keys.get(i), keys));
        assertEquals(expected, deleted.contains(keys.get(i)), keys.get(i) + " with " + starts);
      }
      for (String key : untouchable) {
        assertTrue(!deleted.contains(key), key);
      }
    }
  }
}
