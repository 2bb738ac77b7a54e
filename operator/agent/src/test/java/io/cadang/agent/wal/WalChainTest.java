package io.cadang.agent.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names, positions, partial ends and the chain check, on hand-built listings. */
class WalChainTest {
  private static final WalSegments S = WalSegments.DEFAULT;

  @Test
  void lsnAndSegmentNamesRoundTrip() {
    Lsn lsn = Lsn.parse("1/2A3F0D8");
    assertEquals("1/2A3F0D8", lsn.toString());
    assertEquals(0x102A3F0D8L, lsn.value());
    assertEquals("000000020000000100000002", S.name(2, S.segmentOf(lsn)));
    assertEquals(S.segmentOf(lsn), S.segmentOf("000000020000000100000002"));
    assertEquals("0000000100000000000000FF", S.name(1, 255));
    assertEquals("000000010000000100000000", S.name(1, 256));
    // 64 MiB segments: 64 per 4 GiB log id.
    assertEquals("000000010000000100000000", new WalSegments(64L << 20).name(1, 64));
    assertThrows(IllegalArgumentException.class, () -> Lsn.parse("0x12"));
    assertThrows(IllegalArgumentException.class, () -> WalFile.parse("00000001.partial"));
  }

  @Test
  void partialEndIsAfterTheLastWrittenByteOfTheLastWrittenPage() {
    byte[] seg = new byte[16 << 20];
    assertEquals(0, PartialEnd.of(seg, seg.length));
    for (int page = 0; page < 3; page++) {
      seg[page * 8192] = 0x10;
      seg[page * 8192 + 1] = (byte) 0xD1;
    }
    seg[2 * 8192 + 100] = 7; // the last record ends in the third page
    assertEquals(2 * 8192 + 104, PartialEnd.of(seg, seg.length));
    seg[5 * 8192 + 10] = 1; // stray bytes after an unwritten page are not WAL
    assertEquals(2 * 8192 + 104, PartialEnd.of(seg, seg.length));
  }

  @Test
  void continuousChainEndsInAPartial() {
    WalListing l = listing(List.of(3, 4, 5), 6);
    WalChain.Result r = WalChain.check(l, 1, Lsn.parse("0/3000028"));
    assertTrue(r.ok(), r.firstGap());
    assertEquals("000000010000000000000003", r.firstSegment());
    assertEquals("000000010000000000000006", r.lastSegment());
    assertTrue(r.endsInPartial());
    assertEquals(4, r.segmentCount(S));
  }

  @Test
  void namesTheFirstGap() {
    WalListing l = listing(List.of(3, 4, 6, 8), null);
    WalChain.Result r = WalChain.check(l, 1, Lsn.parse("0/3000028"));
    assertFalse(r.ok());
    assertEquals(
        "missing 000000010000000000000005 (timeline 1) between 000000010000000000000004 and"
            + " 000000010000000000000006",
        r.firstGap());
    assertEquals(List.of("000000010000000000000005", "000000010000000000000007"), r.missing());
    WalChain.Result fromLater = WalChain.check(l, 1, Lsn.parse("0/2000028"));
    assertEquals(
        "missing 000000010000000000000002 (timeline 1) between the start 0/2000028 and"
            + " 000000010000000000000003",
        fromLater.firstGap());
  }

  @Test
  void followsTimelineHistory() {
    // Timeline 2 forked from 1 at 0/5000100: segment 5 is read from timeline 2.
    List<String> keys = new ArrayList<>();
    for (int seg : List.of(3, 4)) {
      keys.add(descriptor(S.name(1, seg)));
    }
    keys.add("wal/00000001/000000010000000000000005.partial-00000100.json");
    keys.add("wal/00000002/00000002.history.json");
    for (int seg : List.of(5, 6)) {
      keys.add(descriptor(S.name(2, seg)));
    }
    TimelineHistory h2 =
        TimelineHistory.parse(
            2, "1\t0/5000100\tno recovery target specified\n".getBytes(StandardCharsets.UTF_8));
    WalListing l = WalListing.fromKeys(keys);
    WalChain.Result r = WalChain.check(l, Map.of(2, h2), S, 1, Lsn.parse("0/3000028"));
    assertTrue(r.ok(), r.firstGap());
    assertEquals(2, r.timeline());
    assertEquals("000000020000000000000006", r.lastSegment());

    l.withoutSegment("000000010000000000000004");
    WalChain.Result gap = WalChain.check(l, Map.of(2, h2), S, 1, Lsn.parse("0/3000028"));
    assertEquals(
        "missing 000000010000000000000004 (timeline 1) between 000000010000000000000003 and"
            + " 000000020000000000000005",
        gap.firstGap());
  }

  private static WalListing listing(List<Integer> complete, Integer partial) {
    List<String> keys = new ArrayList<>();
    for (int seg : complete) {
      keys.add(descriptor(S.name(1, seg)));
      keys.add("wal/00000001/" + S.name(1, seg) + ".zst.cdg");
    }
    if (partial != null) {
      keys.add("wal/00000001/" + S.name(1, partial) + ".partial-00002000.json");
    }
    keys.add("wal/status.json");
    return WalListing.fromKeys(keys);
  }

  private static String descriptor(String name) {
    return "wal/" + name.substring(0, 8) + "/" + name + ".json";
  }
}
