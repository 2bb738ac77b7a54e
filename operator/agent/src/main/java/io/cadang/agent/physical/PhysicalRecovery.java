package io.cadang.agent.physical;

import io.cadang.agent.checks.CheckException;
import io.cadang.agent.checks.ChecksReport;
import io.cadang.agent.checks.ServerChecks;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.KeyRecords;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.pipeline.RestorePhases;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.ToolProcess;
import io.cadang.agent.repository.FileRepository;
import io.cadang.agent.repository.Repository;
import io.cadang.agent.wal.WalStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point-in-time recovery into a data directory: choose the base backup, verify and extract it,
 * configure recovery with {@code cadang wal-fetch} as restore_command, run PostgreSQL until it
 * promotes at the target, read where it got to, shut it down cleanly and leave the directory ready
 * for the user's server. Every refusal (bad target, non-empty directory) happens before the
 * directory is touched; any later failure removes what was written, so a half-recovered directory
 * is never left behind.
 */
public final class PhysicalRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(PhysicalRecovery.class);
  static final String CONF_MARKER = "# cadang recover: settings for this recovery only";
  private static final String SERVER_USER = "postgres";

  private final Repository repository;
  private final KeyProvider keys;
  private final Duration progressInterval;

  public PhysicalRecovery(Repository repository, KeyProvider keys, Duration progressInterval) {
    this.repository = repository;
    this.keys = keys;
    this.progressInterval = progressInterval;
  }

  public RecoveryReport run(RecoveryRequest request)
      throws RecoveryException,
          IOException,
          KeyException,
          ManifestException,
          PgException,
          InterruptedException {
    long started = System.nanoTime();
    Path dataDir = request.dataDir().toAbsolutePath().normalize();
    boolean created = requireEmpty(dataDir);
    WalStatus archive = WalStatus.read(repository).orElse(null);
    BackupManifest backup =
        RecoveryPlanner.choose(
            new BackupCatalog(repository).list(), request.backupId(), request.target(), archive);
    ArtifactEntry base =
        backup
            .object(PhysicalBackup.BASE_OBJECT)
            .orElseThrow(
                () ->
                    new RecoveryException(
                        "backup '" + backup.backupId() + "' has no " + PhysicalBackup.BASE_OBJECT));
    PgTools tools = PgTools.forServer(request.pgBin(), backup.source().serverVersionNum() / 10000);
    String runAs = isRoot() ? SERVER_USER : null;
    if (runAs != null) {
      requireReadableBy(runAs);
    }
    LOG.info(
        "recover {} into {} from backup {} (WAL {} … {}, stopped {}), PostgreSQL tools {}",
        request.target(),
        dataDir,
        backup.backupId(),
        backup.physical().startLsn(),
        backup.physical().stopLsn(),
        backup.physical().backupStoppedAt(),
        tools.binDir());

    byte[] dataKey = KeyRecords.openDataKey(repository, backup, keys);
    RestorePhases.Timer timer = new RestorePhases.Timer();
    Path workDir = null;
    boolean success = false;
    try {
      workDir = privateDirectory(runAs);
      Owner owner = Owner.lookup(runAs);
      Files.createDirectories(dataDir);
      owner.apply(dataDir, "rwx------");
      long extractStarted = System.nanoTime();
      extract(backup, base, dataKey, dataDir, owner);
      timer.download(extractStarted);
      verifyFiles(tools, dataDir);
      Path autoConf = dataDir.resolve("postgresql.auto.conf");
      byte[] originalAutoConf = Files.exists(autoConf) ? Files.readAllBytes(autoConf) : null;

      Path spool = Files.createDirectories(workDir.resolve("spool"));
      owner.apply(spool, "rwx------");
      Path jvmTmp = Files.createDirectories(workDir.resolve("tmp"));
      owner.apply(jvmTmp, "rwx------");
      WalFetchInvocation fetch =
          WalFetchInvocation.build(
              Launcher.current(
                  request.mainClass(), runAs == null ? null : workDir.resolve("lib"), jvmTmp),
              request.repositoryUri(),
              request.keys(),
              request.env(),
              spool);
      writeRecoveryConfig(dataDir, autoConf, originalAutoConf, fetch, request.target(), owner);
      int port = request.port() != null ? request.port() : freePort();
      RecoveryReport report;
      try (RecoveryServer server =
          new RecoveryServer(
              tools,
              dataDir,
              workDir,
              port,
              backup.physical().bootstrapRole() != null
                  ? backup.physical().bootstrapRole()
                  : SERVER_USER,
              runAs)) {
        server.prepare(workDir);
        owner.applyTree(workDir.resolve("sock"));
        owner.apply(workDir.resolve("pg_hba.conf"), "rw-------");
        server.checkRestoreCommand(fetch, workDir);
        long replayStarted = System.nanoTime();
        try {
          server.start(fetch.environment(), workDir);
          server.awaitPromotion(request.timeout());
          timer.restore(replayStarted);
        } catch (RecoveryException e) {
          LOG.warn("recovery server log (last lines):\n{}", server.logTail(30));
          throw e;
        }
        RecoveryServer.Point point = server.point();
        long checksStarted = System.nanoTime();
        ChecksReport checks = check(request.checks(), tools, server);
        timer.verify(checksStarted);
        server.stop();
        String log = server.logText();
        RecoveryLog facts = RecoveryLog.parse(log);
        report =
            new RecoveryReport(
                backup.backupId(),
                point.lastReplayedCommit() != null
                    ? point.lastReplayedCommit()
                    : facts.lastTransaction() != null
                        ? facts.lastTransaction()
                        : backup.physical().backupStoppedAt(),
                point.replayLsn().toString(),
                point.timeline(),
                request.target().kind().label(),
                facts.segmentsRestored(),
                Duration.ofNanos(System.nanoTime() - started),
                stopLine(log),
                checks,
                timer.phases());
      }
      restoreAutoConf(autoConf, originalAutoConf);
      success = true;
      LOG.info(
          "recovered {} to {} (LSN {}, timeline {}), {} WAL file(s) from the archive, {} s",
          dataDir,
          report.recoveredToTime(),
          report.recoveredToLsn(),
          report.timeline(),
          report.segmentsFetched(),
          String.format("%.1f", report.duration().toMillis() / 1000.0));
      return report;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
      if (!success || request.discard()) {
        removeQuietly(dataDir, created);
      }
      if (workDir != null) {
        deleteTree(workDir, true);
      }
    }
  }

  /**
   * pg_amcheck and the application's queries on the promoted cluster, over its private socket,
   * before it shuts down. A database the check does not name is {@code postgres}.
   */
  private static ChecksReport check(ServerChecks checks, PgTools tools, RecoveryServer server)
      throws RecoveryException {
    if (checks.isEmpty()) {
      return ChecksReport.NONE;
    }
    try {
      ChecksReport report =
          checks.run(
              tools.binDir(), server::connectionEnvironment, db -> db == null ? "postgres" : db, 2);
      if (!report.passed()) {
        LOG.warn("recovered cluster failed its checks: {}", report.firstProblem());
      }
      return report;
    } catch (CheckException e) {
      throw new RecoveryException(e.getMessage());
    }
  }

  /** Refuses a directory that holds anything; returns true when it does not exist yet. */
  static boolean requireEmpty(Path dir) throws RecoveryException, IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      throw new RecoveryException("--data-dir " + dir + " exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new RecoveryException(
            "--data-dir " + dir + " is not empty; recover into an empty or new directory");
      }
    }
    return false;
  }

  private void extract(
      BackupManifest backup, ArtifactEntry base, byte[] dataKey, Path dataDir, Owner owner)
      throws IOException {
    try (ProgressMeter meter =
            new ProgressMeter(
                "recover " + backup.backupId() + " extract", progressInterval, base.rawBytes());
        TarExtractor tar = new TarExtractor(dataDir, owner.user(), owner.group())) {
      new ArtifactReader(repository).read(backup.backupId(), base, dataKey, tar, true, meter);
      tar.finish();
      LOG.info(
          "extracted {} files, {} into {} in {} s",
          tar.files(),
          ByteSizes.human(tar.bytes()),
          dataDir,
          String.format("%.1f", meter.elapsed().toMillis() / 1000.0));
    }
  }

  /**
   * Checks every extracted file against the backup_manifest PostgreSQL wrote into the stream: the
   * artifact checksum proves the tar arrived intact, this proves the tar held what the server sent.
   */
  private static void verifyFiles(PgTools tools, Path dataDir) throws RecoveryException {
    if (!Files.exists(dataDir.resolve("backup_manifest"))
        || !Files.isExecutable(tools.tool("pg_verifybackup"))) {
      return;
    }
    try (ToolProcess verify =
        ToolProcess.start(
            "pg_verifybackup",
            List.of(tools.tool("pg_verifybackup").toString(), "--quiet", dataDir.toString()),
            java.util.Map.of())) {
      verify.stdin().close();
      verify.stdout().transferTo(java.io.OutputStream.nullOutputStream());
      verify.awaitSuccess();
    } catch (PgException | IOException e) {
      throw new RecoveryException(
          "the extracted base backup failed verification: " + e.getMessage(), e);
    }
  }

  private static void writeRecoveryConfig(
      Path dataDir,
      Path autoConf,
      byte[] originalAutoConf,
      WalFetchInvocation fetch,
      RecoveryTarget target,
      Owner owner)
      throws IOException {
    Path signal = dataDir.resolve("recovery.signal");
    Files.write(signal, new byte[0]);
    owner.apply(signal, "rw-------");
    String settings = RecoverySettings.render(fetch.command(), target);
    String before =
        originalAutoConf == null ? "" : new String(originalAutoConf, StandardCharsets.UTF_8);
    if (!before.isEmpty() && !before.endsWith("\n")) {
      before += "\n";
    }
    Files.writeString(autoConf, before + CONF_MARKER + "\n" + settings, StandardCharsets.UTF_8);
    owner.apply(autoConf, "rw-------");
  }

  /** Puts postgresql.auto.conf back as the backup had it: the recovery settings were for us. */
  private static void restoreAutoConf(Path autoConf, byte[] original) throws IOException {
    if (original == null) {
      Files.deleteIfExists(autoConf);
    } else {
      Files.write(autoConf, original);
    }
  }

  private static String stopLine(String log) {
    String found = null;
    for (String line : log.split("\n")) {
      if (line.contains("recovery stopping")
          || line.contains("last completed transaction")
          || (found == null && line.contains("consistent recovery state reached"))) {
        found = line.strip();
      }
    }
    return found;
  }

  private static Path privateDirectory(String runAs) throws IOException {
    Path dir =
        Files.createTempDirectory(
            "cadang-recover-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Owner.lookup(runAs).apply(dir, "rwx------");
    return dir;
  }

  private static void removeQuietly(Path dataDir, boolean created) {
    if (Files.exists(dataDir)) {
      deleteTree(dataDir, created);
    }
  }

  /** Deletes a tree; the root itself only when {@code includingRoot}. */
  static void deleteTree(Path root, boolean includingRoot) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .filter(p -> includingRoot || !p.equals(root))
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove {}: {}", root, e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * PostgreSQL runs its restore_command as {@code runAs}, so wal-fetch reads the repository as that
   * user. A local repository written by root holds owner-only files; find that out now, with a way
   * out, rather than as "could not restore file … command not executable" from the server.
   */
  private void requireReadableBy(String runAs) throws IOException, RecoveryException {
    if (!(repository instanceof FileRepository files)) {
      return;
    }
    Path sample;
    // One file is enough to know; a lazy walk stops there instead of listing the whole archive.
    try (Stream<Path> walk = Files.walk(files.root().resolve("wal"))) {
      Optional<Path> first = walk.filter(Files::isRegularFile).findFirst();
      if (first.isEmpty()) {
        return;
      }
      sample = first.get();
    } catch (NoSuchFileException e) {
      return;
    }
    Process test =
        new ProcessBuilder("runuser", "-u", runAs, "--", "test", "-r", sample.toString())
            .redirectErrorStream(true)
            .start();
    try {
      test.getInputStream().readAllBytes();
      if (test.waitFor() == 0) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checking repository access", e);
    }
    throw new RecoveryException(
        "PostgreSQL recovers as the '"
            + runAs
            + "' user, which cannot read "
            + sample
            + " of the local repository "
            + files.root()
            + ": give it read access (e.g. chgrp -R "
            + runAs
            + " and chmod -R g+rX), copy the repository where it can, or use an S3 repository");
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The OS user (and its group) that will run PostgreSQL, or nobody to change when null. */
  record Owner(UserPrincipal user, GroupPrincipal group) {
    static Owner lookup(String name) throws IOException {
      if (name == null) {
        return new Owner(null, null);
      }
      UserPrincipalLookupService users =
          java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
      return new Owner(users.lookupPrincipalByName(name), users.lookupPrincipalByGroupName(name));
    }

    void apply(Path path, String mode) throws IOException {
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      if (user != null) {
        view.setOwner(user);
        view.setGroup(group);
      }
      view.setPermissions(PosixFilePermissions.fromString(mode));
    }

    void applyTree(Path root) throws IOException {
      if (user == null) {
        return;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
          view.setOwner(user);
          view.setGroup(group);
        }
      }
    }
  }
}
