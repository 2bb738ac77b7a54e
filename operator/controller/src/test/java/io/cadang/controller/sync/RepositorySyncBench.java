package io.cadang.controller.sync;

import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.manifest.RepositoryMarker;
import io.cadang.agent.repository.ObjectInfo;
import io.cadang.agent.repository.ObjectUpload;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import io.cadang.testkit.S3TestServer;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: a repository sync ({@link RepositoryScanner}) over 10,000 complete backups
 * on a real S3 server, against two anchors measured in the same run (the bare listing and the bare
 * download of every manifest with 8 threads), with the heap it needs. Skipped unless {@code
 * -Dcadang.bench=true}; the name matches neither {@code *Test} nor {@code *IT}, so {@code mvn
 * verify} does not even load it. Run {@code bench/sync-bench.sh} (see bench/README.md).
 *
 * <p>The S3 server (testkit's s3proxy) runs in a JVM of its own, so the heap measured here is the
 * scanner's and the S3 client's alone; this JVM is capped as the operator's is (-Xmx256m). By
 * default s3proxy keeps the objects in memory: on disk, as S3TestServer keeps them, s3proxy walks
 * every file under the prefix for each listing page, and one 50,000-key listing takes minutes.
 *
 * <p>Properties: {@code cadang.bench.backups} (10000), {@code cadang.bench.refused} (as many as
 * backups), {@code cadang.bench.rounds} (3, medians reported), {@code cadang.bench.writers} (8),
 * {@code cadang.bench.s3} ({@code memory}: s3proxy's in-memory store in its own JVM; {@code
 * filesystem}: S3TestServer in its own JVM; {@code inprocess}: S3TestServer in this JVM), {@code
 * cadang.bench.out} (a file for the markdown table).
 */
class RepositorySyncBench {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
  private static final String[] DATABASES = {"app", "billing", "events"};
  private static final String[] TABLES = {
    "accounts", "account_settings", "addresses", "audit_log", "carts", "cart_items",
    "customers", "invoices", "invoice_lines", "orders", "order_items", "payments",
    "products", "product_prices", "refunds", "sessions", "shipments", "subscriptions",
    "users", "webhook_deliveries"
  };
  private static final int DOWNLOAD_THREADS = 8;
  private static final byte[] DATA_KEY = new byte[32];

  private final int backups = Integer.getInteger("cadang.bench.backups", 10_000);
  private final int refusedCount = Integer.getInteger("cadang.bench.refused", backups);
  private final int rounds = Integer.getInteger("cadang.bench.rounds", 3);
  private final int writers = Integer.getInteger("cadang.bench.writers", 8);
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void syncOfTenThousandBackups() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("cadang.bench"),
        "a benchmark: run bench/sync-bench.sh (or -Dcadang.bench=true)");
    new Random(7).nextBytes(DATA_KEY);
    String loadAtStart = loadavg();
    try (S3 s3 = S3.start(System.getProperty("cadang.bench.s3", "memory"))) {
      Map<String, String> env =
          Map.of("AWS_ACCESS_KEY_ID", s3.accessKey, "AWS_SECRET_ACCESS_KEY", s3.secretKey);

      // ---- Setup (not measured): the backups, written as the agent writes them.
      long setupStart = System.nanoTime();
      long objects = 0;
      objects += write(s3, env, "sync-good", backups, false);
      objects += write(s3, env, "sync-damaged", refusedCount, true);
      objects += write(s3, env, "sync-warmup", 200, false);
      objects += write(s3, env, "sync-warmup", 200, true);
      double setupSeconds = seconds(System.nanoTime() - setupStart);
      say(
          String.format(
              Locale.ROOT,
              "setup: %d objects in %.1f s (%.0f objects/s, %d writer threads)",
              objects,
              setupSeconds,
              objects / setupSeconds,
              writers));

      CountingRepository good = new CountingRepository(open(s3, env, "sync-good"));
      CountingRepository damaged = new CountingRepository(open(s3, env, "sync-damaged"));
      CountingRepository warmup = new CountingRepository(open(s3, env, "sync-warmup"));
      RepositoryMarker owner = RepositoryMarker.of("bench", "sync-bench", Instant.now());
      Set<String> allGood = new HashSet<>();
      for (int i = 0; i < backups; i++) {
        allGood.add(id(i, false));
      }

      // ---- Warm-up (not measured): every code path once, so no step pays for class loading.
      say("warm-up");
      for (int i = 0; i < 2; i++) {
        List<String> keys = manifestKeys(warmup.listObjects(BackupLayout.ROOT));
        downloadAll(warmup, keys);
        try (RepositoryScanner scanner = new RepositoryScanner()) {
          var sources = List.of(new RepositoryScanner.Source("warmup", warmup));
          scanner.scan(sources, Set.of(), owner, false);
          scanner.scan(sources, Set.of(id(0, false)), owner, false);
        }
      }
      List<String> goodManifests = manifestKeys(good.listObjects(BackupLayout.ROOT));
      List<String> damagedManifests = manifestKeys(damaged.listObjects(BackupLayout.ROOT));

      // ---- Measured.
      String busyBefore = cpuBusyPct(3000);
      CpuSample cpuStart = CpuSample.take(s3.pid);
      String loadBefore = loadavg();
      GcWatch gc = new GcWatch();
      Map<String, List<Step>> steps = new LinkedHashMap<>();
      List<String> failures = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        say("round " + round + " of " + rounds);
        var goodSources = List.of(new RepositoryScanner.Source("primary", good));
        var damagedSources = List.of(new RepositoryScanner.Source("primary", damaged));

        record(steps, "list", measure(gc, good, () -> good.listObjects(BackupLayout.ROOT)));
        record(steps, "download", measure(gc, good, () -> downloadAll(good, goodManifests)));
        RepositoryScanner scanner = new RepositoryScanner();
        Step cold =
            measure(
                gc,
                good,
                () -> holding(scanner, scanner.scan(goodSources, Set.of(), owner, false)));
        record(steps, "cold", cold);
        if (cold.result instanceof Object[] held && held[1] instanceof ScanResult r) {
          checkOrder(failures, r, round);
        }
        check(failures, cold, backups, 0, backups, round);
        Step warm =
            measure(
                gc, good, () -> holding(scanner, scanner.scan(goodSources, allGood, owner, false)));
        record(steps, "warm", warm);
        check(failures, warm, 0, 0, 0, round);
        scanner.close();

        record(steps, "dlist", measure(gc, damaged, () -> damaged.listObjects(BackupLayout.ROOT)));
        record(
            steps, "ddownload", measure(gc, damaged, () -> downloadAll(damaged, damagedManifests)));
        RepositoryScanner refusing = new RepositoryScanner();
        Step first =
            measure(
                gc,
                damaged,
                () -> holding(refusing, refusing.scan(damagedSources, Set.of(), owner, false)));
        record(steps, "dfirst", first);
        if (round == 1
            && first.result instanceof Object[] held
            && held[1] instanceof ScanResult r) {
          say("refusal reasons: " + reasons(r));
        }
        check(failures, first, 0, refusedCount, refusedCount, round);
        Step again =
            measure(
                gc,
                damaged,
                () -> holding(refusing, refusing.scan(damagedSources, Set.of(), owner, false)));
        record(steps, "dagain", again);
        check(failures, again, 0, refusedCount, 0, round);
        refusing.close();
      }
      gc.close();
      CpuSample cpuEnd = CpuSample.take(s3.pid);
      String loadAfter = loadavg();

      String table =
          table(
              steps,
              failures,
              objects,
              setupSeconds,
              busyBefore,
              cpuStart.othersPct(cpuEnd),
              loadAtStart,
              loadBefore,
              loadAfter,
              s3.mode);
      System.out.println();
      System.out.println(table);
      String out = System.getProperty("cadang.bench.out");
      if (out != null && !out.isBlank()) {
        Files.writeString(Path.of(out), table, StandardCharsets.UTF_8);
      }
      good.close();
      damaged.close();
      warmup.close();
      anchorPool.shutdownNow();
      Assertions.assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Measuring one step: wall time, manifests downloaded, heap (sampled peak, largest heap left
  // after a collection during the step, retained afterwards) and bytes allocated.
  // ------------------------------------------------------------------------------------------

  interface Body {
    Object run() throws Exception;
  }

  static final class Step {
    double seconds;
    long manifestReads;
    long otherReads;
    long listings;
    long peakBytes;
    long maxAfterGcBytes;
    long retainedBytes;
    long allocatedBytes;
    int collections;
    Object result;
    String error;
  }

  private Step measure(GcWatch gc, CountingRepository repo, Body body) throws Exception {
    Step step = new Step();
    long baseline = settledHeap();
    Map<Long, Long> allocatedBefore = allocatedByThread();
    long manifests = repo.manifestReads.sum();
    long others = repo.otherReads.sum();
    long listings = repo.listings.sum();
    HeapSampler sampler = new HeapSampler(memory);
    gc.start();
    long t0 = System.nanoTime();
    try {
      step.result = body.run();
    } catch (Exception | OutOfMemoryError e) {
      step.error = e.toString();
      say("step failed: " + e);
    }
    step.seconds = seconds(System.nanoTime() - t0);
    step.collections = gc.collections();
    long maxAfterGc = gc.stop();
    long peak = sampler.stop();
    step.allocatedBytes = allocatedSince(allocatedBefore);
    step.manifestReads = repo.manifestReads.sum() - manifests;
    step.otherReads = repo.otherReads.sum() - others;
    step.listings = repo.listings.sum() - listings;
    step.peakBytes = Math.max(0, peak - baseline);
    step.maxAfterGcBytes = maxAfterGc < 0 ? -1 : Math.max(0, maxAfterGc - baseline);
    // The result (and the scanner with its refusal cache) is still referenced here.
    step.retainedBytes = Math.max(0, settledHeap() - baseline);
    return step;
  }

  private long settledHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private Map<Long, Long> allocatedByThread() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> byId = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        byId.put(ids[i], bytes[i]);
      }
    }
    return byId;
  }

  /** Threads that ended during the step are missed; the scanner's pool outlives a step. */
  private long allocatedSince(Map<Long, Long> before) {
    long total = 0;
    for (var e : allocatedByThread().entrySet()) {
      total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }

  /** Heap use sampled every 10 ms (garbage not yet collected included). */
  static final class HeapSampler {
    private final AtomicLong max = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler(MemoryMXBean memory) {
      max.set(memory.getHeapMemoryUsage().getUsed());
      thread =
          new Thread(
              () -> {
                while (running) {
                  max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return max.get();
    }
  }

  /** The largest heap left after any collection during a step: an upper bound of the live set. */
  static final class GcWatch implements AutoCloseable {
    private final Set<String> heapPools = new HashSet<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener;
    private final AtomicLong maxAfter = new AtomicLong(-1);
    private final LongAdder count = new LongAdder();
    private volatile boolean active;

    GcWatch() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      listener =
          (notification, handback) -> {
            if (!active
                || !com.sun.management.GarbageCollectionNotificationInfo
                    .GARBAGE_COLLECTION_NOTIFICATION
                    .equals(notification.getType())) {
              return;
            }
            var info =
                com.sun.management.GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
            if (info.getGcCause().equals("System.gc()")) {
              return;
            }
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
              }
            }
            count.increment();
            maxAfter.accumulateAndGet(used, Math::max);
          };
      for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (bean instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(listener, null, null);
          emitters.add(emitter);
        }
      }
    }

    void start() {
      maxAfter.set(-1);
      count.reset();
      active = true;
    }

    int collections() {
      return count.intValue();
    }

    /** -1 when no collection ran during the step. */
    long stop() throws InterruptedException {
      Thread.sleep(20); // notifications arrive on their own thread
      active = false;
      return maxAfter.get();
    }

    @Override
    public void close() throws Exception {
      for (NotificationEmitter e : emitters) {
        e.removeNotificationListener(listener);
      }
    }
  }

  /** Keeps the scanner (its refusal cache) and the result reachable for the retained measure. */
  private static Object holding(RepositoryScanner scanner, ScanResult result) {
    return new Object[] {scanner, result};
  }

  private static void record(Map<String, List<Step>> steps, String name, Step step) {
    steps.computeIfAbsent(name, k -> new ArrayList<>()).add(step);
    say(
        String.format(
            Locale.ROOT,
            "  %-9s %7.3f s, %5d manifests + %d other GETs, %d listings, peak +%.1f MB,"
                + " retained %.1f MB%s",
            name,
            step.seconds,
            step.manifestReads,
            step.otherReads,
            step.listings,
            mb(step.peakBytes),
            mb(step.retainedBytes),
            step.error == null ? "" : ", FAILED: " + step.error));
    // Only the scan steps' results are kept past the step (for checks); drop the others' now.
    if (!(step.result instanceof Object[])) {
      step.result = null;
    }
  }

  private static void check(
      List<String> failures, Step step, int found, int refused, long downloads, int round) {
    String where = "round " + round + ": ";
    if (step.error != null) {
      failures.add(where + "scan threw " + step.error);
      return;
    }
    ScanResult r = (ScanResult) ((Object[]) step.result)[1];
    if (r.found().size() != found) {
      failures.add(where + "found " + r.found().size() + " backups, expected " + found);
    }
    if (r.refused().size() != refused) {
      failures.add(
          where
              + "refused "
              + r.refused().size()
              + ", expected "
              + refused
              + (r.refused().isEmpty() ? "" : "; first: " + r.refused().get(0).line()));
    }
    if (!r.problems().isEmpty()) {
      failures.add(where + "problems: " + r.problems());
    }
    if (step.manifestReads != downloads) {
      failures.add(
          where + "downloaded " + step.manifestReads + " manifests, expected " + downloads);
    }
    // Drop the scanner and the result now that they are measured and checked.
    step.result = null;
  }

  private void checkOrder(List<String> failures, ScanResult r, int round) {
    if (r.found().isEmpty()) {
      return;
    }
    ImportedBackup newest = r.found().get(0);
    ImportedBackup oldest = r.found().get(r.found().size() - 1);
    if (!newest.backupId().equals(id(backups - 1, false))
        || !oldest.backupId().equals(id(0, false))) {
      failures.add(
          "round "
              + round
              + ": found is not newest first: "
              + newest.backupId()
              + " .. "
              + oldest.backupId());
    }
    if (newest.objects().size() != 4 || !"k-3f9a1c0e2b7d".equals(newest.keyId())) {
      failures.add("round " + round + ": imported backup lost its objects or key id: " + newest);
    }
  }

  private static String reasons(ScanResult r) {
    Map<String, Integer> byKind = new TreeMap<>();
    for (ScanResult.Refusal refusal : r.refused()) {
      String reason =
          refusal
              .reason()
              .replaceAll("'[^']*'", "'…'")
              .replaceAll("backups/[^ ]*", "…")
              .replaceAll("[0-9]+", "N");
      byKind.merge(reason, 1, Integer::sum);
    }
    return byKind.toString();
  }

  // ------------------------------------------------------------------------------------------
  // Anchors.
  // ------------------------------------------------------------------------------------------

  private static List<String> manifestKeys(List<ObjectInfo> listing) {
    List<String> keys = new ArrayList<>();
    for (ObjectInfo o : listing) {
      if (BackupLayout.backupIdOfManifest(o.key()) != null) {
        keys.add(o.key());
      }
    }
    return keys;
  }

  /**
   * The anchor's 8 download threads, kept for the whole run: a thread's allocations are counted
   * only while it lives.
   */
  private final ExecutorService anchorPool =
      Executors.newFixedThreadPool(
          DOWNLOAD_THREADS,
          r -> {
            Thread t = new Thread(r, "bench-anchor-download");
            t.setDaemon(true);
            return t;
          });

  /** Every manifest's bytes with 8 threads, read and dropped: no parsing, no checks. */
  private Long downloadAll(Repository repo, List<String> keys) throws Exception {
    List<Future<Integer>> reads = new ArrayList<>(keys.size());
    for (String key : keys) {
      reads.add(
          anchorPool.submit(
              () -> {
                try (InputStream in = repo.open(key)) {
                  return in.readAllBytes().length;
                }
              }));
    }
    long total = 0;
    for (Future<Integer> f : reads) {
      total += f.get();
    }
    return total;
  }

  // ------------------------------------------------------------------------------------------
  // Setup: backups as the agent writes them (objects first, the sealed manifest last).
  // ------------------------------------------------------------------------------------------

  static String id(int i, boolean damaged) {
    Instant at = damaged ? BASE.minusSeconds(3600L * (i + 1)) : BASE.plusSeconds(3600L * i);
    return STAMP.format(at)
        + "-"
        + (damaged ? "d" : "")
        + String.format("%06x", (i * 7919) & 0xffffff);
  }

  private static Repository open(S3 s3, Map<String, String> env, String bucket) throws IOException {
    return Repositories.open(
        "s3://" + bucket + "/cadang?endpoint=" + s3.endpoint + "&region=us-east-1&path-style=true",
        env);
  }

  /** Writes {@code count} backups, complete or damaged; returns the objects written. */
  private long write(S3 s3, Map<String, String> env, String bucket, int count, boolean damaged)
      throws Exception {
    say("writing " + count + (damaged ? " damaged" : "") + " backups to " + bucket);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Repository> opened = new ArrayList<>();
    ThreadLocal<Repository> repos =
        ThreadLocal.withInitial(
            () -> {
              try {
                Repository r = open(s3, env, bucket);
                synchronized (opened) {
                  opened.add(r);
                }
                return r;
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    LongAdder written = new LongAdder();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  writeBackup(repos.get(), n, damaged, written);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      for (Repository r : opened) {
        r.close();
      }
    }
    return written.sum();
  }

  private static void writeBackup(Repository repo, int i, boolean damaged, LongAdder written)
      throws IOException {
    String id = id(i, damaged);
    Instant started = damaged ? BASE.minusSeconds(3600L * (i + 1)) : BASE.plusSeconds(3600L * i);
    Random random = new Random(i * 31L + (damaged ? 17 : 0));
    List<String> names = new ArrayList<>();
    names.add(BackupLayout.GLOBALS_OBJECT);
    for (String db : DATABASES) {
      names.add(BackupLayout.databaseObject(db));
    }
    List<byte[]> contents = new ArrayList<>();
    List<BackupManifest.ArtifactEntry> entries = new ArrayList<>();
    for (String name : names) {
      byte[] content = new byte[64 + random.nextInt(960)];
      random.nextBytes(content);
      contents.add(content);
      entries.add(
          new BackupManifest.ArtifactEntry(
              name,
              BackupLayout.objectKey(id, name),
              name.startsWith("db/") ? "pg_dump-custom" : "sql",
              content.length * 3L + random.nextInt(100),
              content.length,
              sha256(content)));
    }
    List<BackupManifest.DatabaseEntry> databases = new ArrayList<>();
    for (String db : DATABASES) {
      List<BackupManifest.TableRows> tables = new ArrayList<>();
      for (String t : TABLES) {
        tables.add(new BackupManifest.TableRows("public", t, random.nextInt(5_000_000)));
      }
      databases.add(
          new BackupManifest.DatabaseEntry(db, BackupLayout.databaseObject(db), "UTF8", tables));
    }
    byte[] wrapped = new byte[40];
    random.nextBytes(wrapped);
    BackupManifest manifest =
        ManifestCodec.seal(
            new BackupManifest(
                BackupManifest.FORMAT_VERSION,
                id,
                BackupManifest.KIND_LOGICAL,
                started,
                started.plusSeconds(180 + random.nextInt(600)),
                "0.1.0",
                new BackupManifest.Source(
                    "pg-main.prod.svc.cluster.local",
                    5432,
                    "15.18",
                    150018,
                    "pg_dump (PostgreSQL) 15.18"),
                new BackupManifest.Encryption(
                    "AES-256-GCM-framed-v1",
                    "zstd",
                    new WrappedKey(
                        "local", "k-3f9a1c0e2b7d", 1, Base64.getEncoder().encodeToString(wrapped))),
                databases,
                entries,
                null,
                null),
            DATA_KEY);
    byte[] json = ManifestCodec.toJson(manifest);
    // Damaged backups, one kind in four: manifest not JSON; an object one byte short; no seal; the
    // objects missing.
    int kind = damaged ? i % 4 : -1;
    int objectsToWrite =
        switch (kind) {
          case -1 -> contents.size();
          case 1 -> 1;
          default -> 0;
        };
    for (int o = 0; o < objectsToWrite; o++) {
      byte[] content = contents.get(o);
      if (kind == 1) {
        content = Arrays.copyOf(content, content.length - 1);
      }
      repo.put(entries.get(o).key(), content);
      written.increment();
    }
    if (kind == 0) {
      json = Arrays.copyOf(json, json.length / 2);
    } else if (kind == 2) {
      json = ManifestCodec.toJson(manifest.withSeal(""));
    }
    repo.put(BackupLayout.manifestKey(id), json);
    written.increment();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Report.
  // ------------------------------------------------------------------------------------------

  private String table(
      Map<String, List<Step>> steps,
      List<String> failures,
      long objects,
      double setupSeconds,
      String busyBefore,
      String othersDuring,
      String loadAtStart,
      String loadBefore,
      String loadAfter,
      String s3Mode) {
    double list = median(steps.get("list"));
    double download = median(steps.get("download"));
    double dlist = median(steps.get("dlist"));
    double ddownload = median(steps.get("ddownload"));
    StringBuilder t = new StringBuilder();
    String heap =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-Xmx") || a.startsWith("-XX:+Use"))
            .reduce((a, b) -> a + " " + b)
            .orElse("default heap");
    t.append(
        String.format(
            Locale.ROOT,
            "#### Repository sync benchmark — %,d complete backups (%,d objects), %,d damaged,"
                + " %s (%s)%n%n",
            backups,
            backups * 5L,
            refusedCount,
            rounds == 1 ? "one round" : "median of " + rounds + " rounds",
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now())));
    t.append(
        "| step | seconds | ratio vs anchor | GETs: manifests + other | peak heap MB |"
            + " max heap after GC MB | retained MB | allocated MB |\n");
    t.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    row(
        t,
        steps.get("list"),
        "`listObjects(\"backups/\")`, " + fmt(backups * 5L) + " keys (anchor L)",
        0,
        "L");
    row(
        t,
        steps.get("download"),
        "raw download of " + fmt(backups) + " manifest.json, 8 threads (anchor D)",
        0,
        "D");
    row(
        t,
        steps.get("cold"),
        "cold scan, nothing known: " + fmt(backups) + " found",
        list + download,
        "L+D");
    row(t, steps.get("warm"), "repeated scan, all " + fmt(backups) + " ids known", list, "L");
    row(
        t,
        steps.get("dlist"),
        "damaged repository: `listObjects`, " + fmt(refusedCount * 5L / 4) + " keys (anchor L')",
        0,
        "L'");
    row(
        t,
        steps.get("ddownload"),
        "damaged repository: raw download of " + fmt(refusedCount) + " manifests (anchor D')",
        0,
        "D'");
    row(
        t,
        steps.get("dfirst"),
        "damaged: first scan, " + fmt(refusedCount) + " refused",
        dlist + ddownload,
        "L'+D'");
    row(t, steps.get("dagain"), "damaged: repeated scan, refusals cached", dlist, "L'");

    t.append("\n| check | value | target | result |\n| --- | ---: | --- | --- |\n");
    long maxColdAfterGc = max(steps.get("cold"), s -> s.maxAfterGcBytes);
    long coldRetained = max(steps.get("cold"), s -> s.retainedBytes);
    boolean coldOk = steps.get("cold").stream().allMatch(s -> s.error == null);
    t.append(
        String.format(
            Locale.ROOT,
            "| cold scan of %s manifests, heap capped (%s) | %s | completes | %s |%n",
            fmt(backups),
            heap,
            coldOk ? "completed" : "failed",
            coldOk ? "PASS" : "FAIL"));
    t.append(
        String.format(
            Locale.ROOT,
            "| cold scan: largest heap after a GC above the idle heap | %s | | |%n",
            maxColdAfterGc < 0
                ? "no GC ran"
                : String.format(Locale.ROOT, "%.1f MB", mb(maxColdAfterGc))));
    t.append(
        String.format(
            Locale.ROOT,
            "| cold scan: result retained (%s ImportedBackup) | %.1f MB (%,d bytes a backup)"
                + " | | |%n",
            fmt(backups),
            mb(coldRetained),
            coldRetained / Math.max(1, backups)));
    long warmReads = max(steps.get("warm"), s -> s.manifestReads);
    t.append(verdictRow("repeated scan, ids known: manifests downloaded", warmReads, 0));
    long againReads = max(steps.get("dagain"), s -> s.manifestReads);
    t.append(verdictRow("repeated scan, refused: manifests downloaded", againReads, 0));
    double warmRatio = median(steps.get("warm")) / list;
    double againRatio = median(steps.get("dagain")) / dlist;
    t.append(
        String.format(
            Locale.ROOT,
            "| repeated scans ÷ their listing | %.2f, %.2f | ≤ 1.5 (this bench's reading of"
                + " \"cheap\") | %s |%n",
            warmRatio,
            againRatio,
            warmRatio <= 1.5 && againRatio <= 1.5 ? "PASS" : "FAIL"));
    t.append(
        String.format(
            Locale.ROOT,
            "| found / refused / downloads as expected in every round | %s | all | %s |%n",
            failures.isEmpty() ? "yes" : failures.size() + " deviations",
            failures.isEmpty() ? "PASS" : "FAIL"));
    t.append('\n');
    for (String f : failures) {
      t.append("- deviation: ").append(f).append('\n');
    }
    if (!failures.isEmpty()) {
      t.append('\n');
    }
    String cpu = "?";
    String mem = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("?");
      mem =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal"))
              .map(
                  l ->
                      String.format(
                          Locale.ROOT,
                          "%.1f GiB",
                          Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
              .findFirst()
              .orElse("?");
    } catch (IOException e) {
      // Not Linux: leave them out.
    }
    t.append(
        String.format(
            Locale.ROOT,
            "Machine: %d CPUs, %s RAM, %s. Java %s, bench JVM %s. S3: s3proxy 4.1.0 (%s),"
                + " loopback; each repository its own S3Client as the operator opens"
                + " it. Setup, not measured: %,d objects written in %.1f s with %d threads. Other"
                + " work: CPU %s%% busy in the 3 s before measuring, %s%% of the machine used by"
                + " other processes while measuring (above ~10%%, the numbers are skewed); load"
                + " average at start %s, before measuring %s, after %s. MB = 10^6 bytes; peak heap"
                + " = sampled every 10 ms, garbage included, above the heap after a full GC just"
                + " before the step.%n",
            Runtime.getRuntime().availableProcessors(),
            mem,
            cpu,
            System.getProperty("java.version"),
            heap,
            s3Mode.equals("memory")
                ? "in-memory store, in a JVM of its own"
                : s3Mode.equals("filesystem")
                    ? "S3TestServer's filesystem store, in a JVM of its own"
                    : "S3TestServer's filesystem store, in the bench JVM",
            objects,
            setupSeconds,
            writers,
            busyBefore,
            othersDuring,
            loadAtStart,
            loadBefore,
            loadAfter));
    return t.toString();
  }

  private void row(StringBuilder t, List<Step> s, String name, double anchor, String anchorName) {
    double secs = median(s);
    boolean failed = s.stream().anyMatch(x -> x.error != null);
    String ratio =
        anchor <= 0 ? "1.00" : String.format(Locale.ROOT, "%.2f × %s", secs / anchor, anchorName);
    t.append(
        String.format(
            Locale.ROOT,
            "| %s | %.3f%s | %s | %s | %.1f | %s | %.1f | %.1f |%n",
            name,
            secs,
            failed ? " (failed)" : "",
            ratio,
            fmt(max(s, x -> x.manifestReads)) + " + " + fmt(max(s, x -> x.otherReads)),
            mb(max(s, x -> x.peakBytes)),
            max(s, x -> x.maxAfterGcBytes) < 0
                ? "no GC"
                : String.format(Locale.ROOT, "%.1f", mb(max(s, x -> x.maxAfterGcBytes))),
            mb(max(s, x -> x.retainedBytes)),
            mb(median(s, x -> x.allocatedBytes))));
  }

  private static String verdictRow(String what, long value, long target) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %s |%n",
        what,
        value,
        target,
        value == target ? "PASS" : "FAIL");
  }

  private static double median(List<Step> steps) {
    return median(steps, s -> s.seconds);
  }

  private static double median(List<Step> steps, java.util.function.ToDoubleFunction<Step> f) {
    double[] v = steps.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static long max(List<Step> steps, java.util.function.ToLongFunction<Step> f) {
    return steps.stream().mapToLong(f).max().orElse(0);
  }

  private static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static double mb(double bytes) {
    return bytes / 1e6;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void say(String line) {
    System.out.printf(Locale.ROOT, "[sync-bench %tT] %s%n", java.time.LocalTime.now(), line);
    System.out.flush();
  }

  private static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** CPU use of the whole machine over {@code millis}, as bench/lib.sh's cpu_busy_pct. */
  private static String cpuBusyPct(long millis) throws InterruptedException {
    long[] a = procStat();
    Thread.sleep(millis);
    long[] b = procStat();
    if (a == null || b == null) {
      return "?";
    }
    long busy = b[0] - a[0];
    long idle = b[1] - a[1];
    return String.valueOf(Math.round(100.0 * busy / Math.max(1, busy + idle)));
  }

  /** {busy, idle} jiffies of all CPUs, from /proc/stat. */
  static long[] procStat() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy =
          Long.parseLong(f[1])
              + Long.parseLong(f[2])
              + Long.parseLong(f[3])
              + Long.parseLong(f[6])
              + Long.parseLong(f[7])
              + Long.parseLong(f[8]);
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {busy, idle};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** utime + stime of a process, in the same clock ticks as /proc/stat. */
  static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The machine's CPU time and ours (this JVM and the S3 server's), to tell others' share. */
  record CpuSample(long[] machine, long own) {
    static CpuSample take(long s3Pid) {
      long own =
          processTicks(ProcessHandle.current().pid()) + (s3Pid > 0 ? processTicks(s3Pid) : 0);
      return new CpuSample(procStat(), own);
    }

    String othersPct(CpuSample end) {
      if (machine == null || end.machine == null) {
        return "?";
      }
      long busy = end.machine[0] - machine[0];
      long idle = end.machine[1] - machine[1];
      long others = Math.max(0, busy - (end.own - own));
      return String.valueOf(Math.round(100.0 * others / Math.max(1, busy + idle)));
    }
  }

  // ------------------------------------------------------------------------------------------
  // The S3 server: in a JVM of its own by default, so its heap is not counted as the scanner's.
  // ------------------------------------------------------------------------------------------

  static final class S3 implements AutoCloseable {
    final String endpoint;
    final String accessKey;
    final String secretKey;
    final long pid;
    final String mode;
    private final Process process;
    private Path log;
    private final S3TestServer inProcess;

    private S3(
        String endpoint,
        String accessKey,
        String secretKey,
        Process process,
        S3TestServer inProcess,
        String mode) {
      this.endpoint = endpoint;
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      this.process = process;
      this.inProcess = inProcess;
      this.pid = process == null ? -1 : process.pid();
      this.mode = mode;
    }

    static S3 start(String mode) throws Exception {
      String[] buckets = {"sync-good", "sync-damaged", "sync-warmup"};
      if (mode.equals("inprocess")) {
        S3TestServer s3 = S3TestServer.start();
        for (String b : buckets) {
          s3.createBucket(b);
        }
        return new S3(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), null, s3, mode);
      }
      Path log = Files.createTempFile("cadang-sync-bench-s3-", ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add(mode.equals("memory") ? "-Xmx3g" : "-Xmx1g");
      command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(S3Main.class.getName());
      command.add(mode);
      command.addAll(List.of(buckets));
      Process p =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith("READY ")) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "the S3 server JVM did not start: " + line + "\n" + Files.readString(log));
      }
      String[] f = line.split(" ");
      say("S3 server (s3proxy) in JVM " + p.pid() + " on port " + f[1] + ", log " + log);
      S3 s3 = new S3("http://127.0.0.1:" + f[1], f[2], f[3], p, null, mode);
      s3.log = log;
      return s3;
    }

    @Override
    public void close() throws Exception {
      if (inProcess != null) {
        inProcess.close();
        return;
      }
      process.getOutputStream().close(); // S3Main stops at end of input
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      } else if (process.exitValue() == 0) {
        Files.deleteIfExists(log); // kept only when the server failed
      }
    }
  }

  /**
   * The S3 server JVM: starts, makes the buckets, answers READY, stops when stdin closes. {@code
   * filesystem} is testkit's S3TestServer as it is; {@code memory} is the same s3proxy, configured
   * as S3TestServer configures it, on s3proxy's in-memory store. s3proxy's nio2 stores answer every
   * ListObjectsV2 page by walking every object under the prefix (on disk, with an xattr read per
   * object), so on disk a 50,000-key listing takes minutes; in memory, about 20 s.
   */
  public static final class S3Main {
    private S3Main() {}

    public static void main(String[] args) throws Exception {
      String store = args[0];
      List<String> buckets = List.of(args).subList(1, args.length);
      if (store.equals("filesystem")) {
        try (S3TestServer s3 = S3TestServer.start()) {
          buckets.forEach(s3::createBucket);
          serve(s3.port(), s3.accessKey(), s3.secretKey());
        }
      } else {
        String access = "cadang-bench-access-key";
        String secret = "cadang-bench-secret-key";
        org.gaul.s3proxy.blobstore.BlobStore blobs =
            new org.gaul.s3proxy.nio2blob.TransientNio2BlobStore();
        org.gaul.s3proxy.S3Proxy proxy =
            org.gaul.s3proxy.S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(java.net.URI.create("http://127.0.0.1:0"))
                .awsAuthentication(
                    org.gaul.s3proxy.auth.AuthenticationType.AWS_V2_OR_V4, access, secret)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
          Thread.sleep(10);
        }
        buckets.forEach(blobs::createContainer);
        serve(proxy.getPort(), access, secret);
        proxy.stop();
      }
      System.exit(0);
    }

    private static void serve(int port, String access, String secret) throws IOException {
      System.out.println("READY " + port + " " + access + " " + secret);
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the benchmark to end
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Counting what the scanner asks of the repository.
  // ------------------------------------------------------------------------------------------

  static final class CountingRepository implements Repository {
    private final Repository delegate;
    final LongAdder manifestReads = new LongAdder();
    final LongAdder otherReads = new LongAdder();
    final LongAdder listings = new LongAdder();
    final LongAdder puts = new LongAdder();

    CountingRepository(Repository delegate) {
      this.delegate = delegate;
    }

    @Override
    public ObjectUpload create(String key) throws IOException {
      return delegate.create(key);
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
      puts.increment();
      delegate.put(key, content);
    }

    @Override
    public InputStream open(String key) throws IOException {
      if (BackupLayout.backupIdOfManifest(key) != null) {
        manifestReads.increment();
      } else {
        otherReads.increment();
      }
      return new FilterInputStream(delegate.open(key)) {};
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
      return delegate.stat(key);
    }

    @Override
    public List<ObjectInfo> listObjects(String prefix) throws IOException {
      listings.increment();
      return delegate.listObjects(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
      delegate.delete(key);
    }

    @Override
    public String describe() {
      return delegate.describe();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
