package io.cadang.controller.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.RepositoryMarker;
import io.cadang.agent.repository.FileRepository;
import io.cadang.agent.repository.ObjectInfo;
import io.cadang.agent.repository.ObjectUpload;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository scan on real file repositories: what is found, what is refused, what is read. */
class RepositoryScannerTest {
  private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
  private static final RepositoryMarker OWNER = RepositoryMarker.of("shop", "orders", T0);

  @TempDir Path dir;
  private final RepositoryScanner scanner = new RepositoryScanner();

  @AfterEach
  void close() {
    scanner.close();
  }

  @Test
  void completeBackupsAreFoundNewestFirstWithTheirFacts() throws Exception {
    CountingRepository primary = repo("primary");
    StoredBackups.logical(primary, "orders-202611200200", T0);
    StoredBackups.logical(primary, "orders-202611210200", T0.plusSeconds(86400));

    ScanResult r = scan(List.of(source("primary", primary)), Set.of());

    assertEquals(2, r.complete());
    assertEquals(
        List.of("orders-202611210200", "orders-202611200200"),
        r.found().stream().map(ImportedBackup::backupId).toList());
    ImportedBackup newest = r.found().get(0);
    assertEquals(T0.plusSeconds(86400), newest.finishedAt());
    assertEquals("master-key-fp", newest.keyId());
    assertEquals(3, newest.keyVersion());
    assertEquals(37, newest.storedBytes());
    assertEquals(List.of("primary"), newest.holders());
    assertTrue(r.refused().isEmpty(), r.refused().toString());
    assertTrue(r.problems().isEmpty(), r.problems().toString());
  }

  @Test
  void knownBackupsAreNeverDownloadedAndARepeatedPassCostsTheListingAlone() throws Exception {
    CountingRepository primary = repo("primary");
    for (int i = 0; i < 20; i++) {
      StoredBackups.logical(primary, "b" + i, T0.plusSeconds(i));
    }
    StoredBackups.putManifest(primary, "damaged", "{not json");
    scan(List.of(source("primary", primary)), Set.of());
    assertEquals(23, primary.opens.get(), "20 manifests, the damaged one, the marker, WAL status");

    primary.opens.set(0);
    Set<String> known = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      known.add("b" + i);
    }
    ScanResult again = scan(List.of(source("primary", primary)), known);

    assertEquals(List.of(), again.found());
    assertEquals(1, again.refused().size());
    assertEquals(2, primary.opens.get(), "only the marker and wal/status.json are read again");
  }

  @Test
  void halfWrittenTamperedAndDamagedBackupsAreRefusedWithTheirReasonAndLeftInPlace()
      throws Exception {
    CountingRepository primary = repo("primary");
    StoredBackups.logical(primary, "good", T0);
    primary.put(BackupLayout.objectKey("half", "db/app.dump"), new byte[10]); // no manifest
    var tampered = StoredBackups.logical(primary, "tampered", T0);
    primary.put(tampered.objects().get(0).key(), new byte[5]); // truncated object
    StoredBackups.putManifest(primary, "garbage", "{\"formatVersion\":1,");
    var moved = StoredBackups.manifest("other", "logical", T0, null);
    StoredBackups.write(primary, moved);
    primary.put(
        BackupLayout.manifestKey("moved"),
        primary.open(BackupLayout.manifestKey("other")).readAllBytes());

    ScanResult r = scan(List.of(source("primary", primary)), Set.of("other"));

    assertEquals(List.of("good"), r.found().stream().map(ImportedBackup::backupId).toList());
    String refused = r.refused().stream().map(ScanResult.Refusal::line).toList().toString();
    assertEquals(4, r.refused().size(), refused);
    assertTrue(refused.contains("half: incomplete"), refused);
    assertTrue(refused.contains("tampered: object backups/tampered/db/app.dump"), refused);
    assertTrue(refused.contains("holds 5 bytes, manifest.json says 37"), refused);
    assertTrue(refused.contains("garbage: manifest.json is damaged"), refused);
    assertTrue(refused.contains("moved: manifest.json is damaged"), refused);
    assertTrue(primary.list("backups/").contains("backups/half/db/app.dump.zst.cdg"));
  }

  @Test
  void aBackupOnlyAReplicaStillHoldsIsFoundThereAndHoldersAreListed() throws Exception {
    CountingRepository primary = repo("primary");
    CountingRepository dr = repo("dr");
    StoredBackups.logical(primary, "both", T0);
    StoredBackups.logical(dr, "both", T0);
    StoredBackups.logical(dr, "only-dr", T0.plusSeconds(60));

    ScanResult r = scan(List.of(source("primary", primary), source("dr", dr)), Set.of());

    assertEquals(2, r.found().size());
    ImportedBackup onlyDr = r.found().get(0);
    assertEquals("only-dr", onlyDr.backupId());
    assertEquals("dr", onlyDr.repository());
    ImportedBackup both = r.found().get(1);
    assertEquals("primary", both.repository());
    assertEquals(List.of("primary", "dr"), both.holders());
  }

  @Test
  void aRepositoryMarkedForAnotherPolicyIsRefusedUnlessAdopted() throws Exception {
    CountingRepository primary = repo("primary");
    StoredBackups.logical(primary, "theirs", T0);
    RepositoryMarker.of("shop", "billing", T0).write(primary);

    ScanResult refused = scan(List.of(source("primary", primary)), Set.of());
    assertTrue(refused.foreign());
    assertEquals(List.of(), refused.found());
    assertTrue(refused.problems().get(0).contains("belongs to BackupPolicy shop/billing"));
    assertTrue(refused.problems().get(0).contains("not to shop/orders"));

    ScanResult adopted = scanner.scan(List.of(source("primary", primary)), Set.of(), OWNER, true);
    assertFalse(adopted.foreign());
    assertEquals(1, adopted.found().size());
    assertTrue(RepositoryMarker.read(primary).orElseThrow().sameOwner(OWNER));
  }

  @Test
  void aFreshRepositoryGetsThePolicysMarker() throws Exception {
    CountingRepository primary = repo("primary");
    scan(List.of(source("primary", primary)), Set.of());
    assertEquals("shop/orders", RepositoryMarker.read(primary).orElseThrow().owner());
  }

  @Test
  void aBaseBackupOfAnotherSystemThanTheWalArchiveIsRefused() throws Exception {
    CountingRepository primary = repo("primary");
    StoredBackups.physical(primary, "ours", T0, "7300000000000000001");
    StoredBackups.physical(primary, "foreign", T0, "7399999999999999999");
    primary.put(
        WalStatus.KEY,
        ("{\"formatVersion\":1,\"systemIdentifier\":\"7300000000000000001\",\"slot\":\"s\","
                + "\"timeline\":1,\"partialIntervalSeconds\":10}")
            .getBytes(StandardCharsets.UTF_8));

    ScanResult r = scan(List.of(source("primary", primary)), Set.of());

    assertEquals(List.of("ours"), r.found().stream().map(ImportedBackup::backupId).toList());
    assertTrue(
        r.refused().get(0).line().contains("base backup of PostgreSQL system 7399999999999999999"),
        r.refused().toString());
  }

  @Test
  void anUnreadableRepositoryIsAProblemNotAnEmptyRepository() throws Exception {
    CountingRepository primary = repo("primary");
    StoredBackups.logical(primary, "good", T0);
    Repository broken = new FailingRepository();

    ScanResult r = scan(List.of(source("primary", primary), source("dr", broken)), Set.of());

    assertEquals(1, r.found().size());
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).startsWith("repository 'dr' could not be read"));
  }

  private ScanResult scan(List<RepositoryScanner.Source> sources, Set<String> known)
      throws InterruptedException {
    return scanner.scan(sources, known, OWNER, false);
  }

  private static RepositoryScanner.Source source(String name, Repository repo) {
    return new RepositoryScanner.Source(name, repo);
  }

  private CountingRepository repo(String name) {
    return new CountingRepository(new FileRepository(dir.resolve(name)));
  }

  /** A real repository that counts the objects opened for reading. */
  static final class CountingRepository implements Repository {
    final Repository inner;
    final AtomicInteger opens = new AtomicInteger();

    CountingRepository(Repository inner) {
      this.inner = inner;
    }

    @Override
    public ObjectUpload create(String key) throws IOException {
      return inner.create(key);
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
      inner.put(key, content);
    }

    @Override
    public InputStream open(String key) throws IOException {
      opens.incrementAndGet();
      return inner.open(key);
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
      return inner.stat(key);
    }

    @Override
    public List<ObjectInfo> listObjects(String prefix) throws IOException {
      return inner.listObjects(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
      inner.delete(key);
    }

    @Override
    public String describe() {
      return inner.describe();
    }
  }

  /** Stands for a region that is gone: every call fails as an unreachable endpoint would. */
  static final class FailingRepository implements Repository {
    @Override
    public ObjectUpload create(String key) throws IOException {
      throw gone();
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
      throw gone();
    }

    @Override
    public InputStream open(String key) throws IOException {
      throw gone();
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
      throw gone();
    }

    @Override
    public List<ObjectInfo> listObjects(String prefix) throws IOException {
      throw gone();
    }

    @Override
    public void delete(String key) throws IOException {
      throw gone();
    }

    @Override
    public String describe() {
      return "s3://gone/prefix";
    }

    private static IOException gone() {
      return new IOException("s3://gone/prefix: connection refused");
    }
  }
}
