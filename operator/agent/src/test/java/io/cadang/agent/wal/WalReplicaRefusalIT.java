package io.cadang.agent.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.RealServers;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.repository.ObjectInfo;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a WAL replica pass refuses, on s3proxy with an archive written by {@link WalArchive} (no
 * server needed): a replica holding another system's WAL is left untouched, an object that is
 * already in the replica with other content is never overwritten (and the replica's status.json is
 * then not written), and superseded partials are removed from the replica as in the primary.
 */
class WalReplicaRefusalIT {
  private static final String SEG_A = "000000010000000000000003";
  private static final String SEG_B = "000000010000000000000004";
  private static final String SEG_C = "000000010000000000000005";
  private static final String SYSTEM = "7300000000000000001";

  @Test
  void aReplicaHoldingAnotherSystemsWalIsRefusedAndLeftUntouched() throws Exception {
    KeyProvider keys = WalReplicaIT.keys();
    try (Repository primary = bucket("wal-sys-p");
        Repository replica = bucket("wal-sys-r")) {
      WalArchive source = new WalArchive(primary, keys, Clock.systemUTC());
      source.upload(WalFile.segment(SEG_A), content(1));
      source.writeStatus(status(SYSTEM, SEG_A));
      WalArchive other = new WalArchive(replica, keys, Clock.systemUTC());
      other.upload(WalFile.segment(SEG_B), content(2));
      other.writeStatus(status("7399999999999999999", SEG_B));
      Map<String, byte[]> before = snapshot(replica);

      WalReplicator.Pass pass = replicator(primary, replica).pass();

      assertEquals(WalReplicator.Outcome.REFUSED, pass.outcome());
      String line = pass.problems().get(0);
      assertTrue(line.contains("7399999999999999999") && line.contains(SYSTEM), line);
      assertSame(before, snapshot(replica));
    }
  }

  @Test
  void anObjectWithOtherContentInTheReplicaIsNeverOverwritten() throws Exception {
    KeyProvider keys = WalReplicaIT.keys();
    try (Repository primary = bucket("wal-cfl-p");
        Repository replica = bucket("wal-cfl-r")) {
      WalArchive source = new WalArchive(primary, keys, Clock.systemUTC());
      source.upload(WalFile.history(2), "1\t0/3000000\tno recovery target\n".getBytes());
      WalDescriptor a = source.upload(WalFile.segment(SEG_A), content(1)).descriptor();
      source.upload(WalFile.segment(SEG_B), content(2));
      source.upload(WalFile.partial(SEG_C, 0x100), content(3));
      source.writeStatus(status(SYSTEM, SEG_C));
      // In the replica: other bytes under A's data key (no descriptor), and a descriptor of B
      // that is not the primary's.
      byte[] foreignData = new byte[(int) a.storedBytes()];
      new Random(7).nextBytes(foreignData);
      replica.put(WalFile.segment(SEG_A).dataKey(), foreignData);
      byte[] foreignDescriptor = "{\"formatVersion\":1,\"name\":\"not this\"}".getBytes();
      replica.put(WalFile.segment(SEG_B).descriptorKey(), foreignDescriptor);

      WalReplicator.Pass pass = replicator(primary, replica).pass();

      assertEquals(WalReplicator.Outcome.INCOMPLETE, pass.outcome(), pass.toString());
      assertEquals(2, pass.problems().size(), pass.problems().toString());
      assertTrue(pass.problems().get(0).contains("not overwriting"), pass.problems().toString());
      assertArrayEquals(foreignData, read(replica, WalFile.segment(SEG_A).dataKey()));
      assertFalse(exists(replica, WalFile.segment(SEG_A).descriptorKey()));
      assertArrayEquals(foreignDescriptor, read(replica, WalFile.segment(SEG_B).descriptorKey()));
      assertFalse(exists(replica, WalFile.segment(SEG_B).dataKey()));
      assertFalse(exists(replica, WalStatus.KEY), "status.json written over missing WAL");
      // What did not conflict was copied.
      assertEquals(2, pass.copied());
      assertTrue(exists(replica, WalFile.history(2).descriptorKey()));
      assertTrue(exists(replica, WalFile.partial(SEG_C, 0x100).descriptorKey()));

      // Once the foreign objects are gone, the replica becomes current; a newer partial then
      // replaces the old one there too.
      replica.delete(WalFile.segment(SEG_A).dataKey());
      replica.delete(WalFile.segment(SEG_B).descriptorKey());
      source.upload(WalFile.partial(SEG_C, 0x200), content(4));
      source.writeStatus(status(SYSTEM, SEG_C));
      WalReplicator.Pass second = replicator(primary, replica).pass();
      assertEquals(WalReplicator.Outcome.CURRENT, second.outcome(), second.toString());
      assertEquals(1, second.removed());
      assertEquals(WalReplicaIT.walKeys(primary), WalReplicaIT.walKeys(replica));
      assertArrayEquals(read(primary, WalStatus.KEY), read(replica, WalStatus.KEY));
      // A second pass has nothing to do.
      WalReplicator.Pass third = replicator(primary, replica).pass();
      assertEquals(0, third.copied());
      assertEquals(4, third.present());
    }
  }

  private static WalReplicator replicator(Repository primary, Repository replica) {
    return new WalReplicator("r", primary, () -> replica, Duration.ofSeconds(1));
  }

  private static WalStatus status(String system, String last) {
    Instant now = Instant.now();
    return new WalStatus(
        WalStatus.FORMAT_VERSION,
        system,
        "slot",
        1,
        last,
        "0/5000100",
        now,
        "0/5000100",
        now,
        1,
        null,
        null);
  }

  private static byte[] content(int seed) {
    byte[] b = new byte[64 * 1024];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Repository bucket(String stem) throws Exception {
    RealServers.S3Location loc = RealServers.newBucket(WalReplicaIT.bucket(stem));
    return Repositories.open(loc.uri(), loc.env());
  }

  private static Map<String, byte[]> snapshot(Repository repo) throws Exception {
    Map<String, byte[]> all = new HashMap<>();
    for (ObjectInfo o : repo.listObjects("")) {
      all.put(o.key(), read(repo, o.key()));
    }
    return all;
  }

  private static void assertSame(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertEquals(before.keySet(), after.keySet());
    before.forEach(
        (k, v) ->
            assertEquals(
                new String(v, StandardCharsets.ISO_8859_1),
                new String(after.get(k), StandardCharsets.ISO_8859_1),
                k));
  }

  private static byte[] read(Repository repo, String key) throws Exception {
    try (var in = repo.open(key)) {
      return in.readAllBytes();
    }
  }

  private static boolean exists(Repository repo, String key) throws Exception {
    return repo.list(WalFile.ROOT).contains(key);
  }
}
