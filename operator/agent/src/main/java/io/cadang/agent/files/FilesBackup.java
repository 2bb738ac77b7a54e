package io.cadang.agent.files;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.backup.BackupIds;
import io.cadang.agent.backup.CadangVersion;
import io.cadang.agent.crypto.ArtifactContext;
import io.cadang.agent.crypto.DataKeys;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.keys.WrappedKey;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupLayout;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.pipeline.ArtifactWriter;
import io.cadang.agent.pipeline.ByteSizes;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A files backup: GNU tar reads the tree and writes a pax archive to its stdout; on the way into
 * the usual zstd → AES-256-GCM → repository pipeline the stream is parsed ({@link
 * TarStreamParser}), so every regular file's SHA-256 is computed from exactly the bytes that were
 * archived, in the same single read. The index goes to its own encrypted object while the archive
 * uploads; the sealed manifest comes last, so a failed run leaves no backup behind.
 */
public final class FilesBackup {
  private static final Logger LOG = LoggerFactory.getLogger(FilesBackup.class);
  static final String CIPHER = "AES-256-GCM-framed-v1";
  public static final String ARCHIVE_OBJECT = "files.tar";
  public static final String INDEX_OBJECT = "files-index.jsonl";
  public static final String CONTENT_TYPE = "files-tar-pax";

  private final Repository repository;
  private final KeyProvider keys;
  private final Clock clock;
  private final Duration progressInterval;

  public FilesBackup(
      Repository repository, KeyProvider keys, Clock clock, Duration progressInterval) {
    this.repository = repository;
    this.keys = keys;
    this.clock = clock;
    this.progressInterval = progressInterval;
  }

  public BackupManifest run(FilesBackupRequest request)
      throws BackupException, KeyException, IOException, ManifestException {
    Instant started = clock.instant();
    Path root = request.root().toAbsolutePath().normalize();
    List<String> paths = checkSource(root, request.paths());
    BackupCatalog catalog = new BackupCatalog(repository);
    String backupId = BackupIds.forNewBackup(request.backupId(), started, catalog);
    LOG.info("backup {}: files under {} {} to {}", backupId, root, paths, repository.describe());

    byte[] dataKey = DataKeys.generate();
    List<ArtifactEntry> stored = new ArrayList<>();
    try {
      WrappedKey wrapped = keys.wrap(dataKey);
      Archived archived = archive(request, root, paths, backupId, dataKey, stored);
      BackupManifest manifest =
          ManifestCodec.seal(
              new BackupManifest(
                  BackupManifest.FORMAT_VERSION,
                  backupId,
                  BackupManifest.KIND_FILES,
                  started,
                  clock.instant(),
                  CadangVersion.current(),
                  null,
                  new BackupManifest.Encryption(CIPHER, "zstd", wrapped),
                  List.of(),
                  List.copyOf(stored),
                  null,
                  new BackupManifest.Files(
                      root.toString(),
                      paths,
                      request.excludes(),
                      archived.counter().entries(),
                      archived.counter().regularFiles(),
                      archived.counter().bytes(),
                      archived.diagnostics().changed(),
                      archived.diagnostics().changedCount()),
                  null,
                  null),
              dataKey);
      catalog.save(manifest);
      double seconds =
          Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
      LOG.info(
          "backup {} complete: {} entries, {} regular files, {} read, {} stored, {} MiB/s, {} changed"
              + " while read",
          backupId,
          archived.counter().entries(),
          archived.counter().regularFiles(),
          ByteSizes.human(archived.counter().bytes()),
          ByteSizes.human(manifest.totalStoredBytes()),
          String.format("%.1f", archived.counter().bytes() / 1048576.0 / seconds),
          archived.diagnostics().changedCount());
      return manifest;
    } catch (BackupException | KeyException | IOException | RuntimeException e) {
      for (ArtifactEntry a : stored) {
        deleteQuietly(a.key());
      }
      throw e;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private record Archived(IndexCounter counter, TarDiagnostics diagnostics) {}

  private Archived archive(
      FilesBackupRequest request,
      Path root,
      List<String> paths,
      String backupId,
      byte[] dataKey,
      List<ArtifactEntry> stored)
      throws BackupException, IOException {
    ArtifactWriter writer = new ArtifactWriter(repository, request.compression());
    try (IndexUpload index =
            new IndexUpload(
                writer,
                BackupLayout.objectKey(backupId, INDEX_OBJECT),
                new ArtifactContext(backupId, INDEX_OBJECT),
                dataKey);
        ProgressMeter meter = new ProgressMeter("backup " + backupId + " files", progressInterval);
        TarProcess tar = TarProcess.start(TarCommands.create(root, paths, request.excludes()))) {
      tar.stdin().close();
      IndexCounter counter = new IndexCounter(index);
      TarStreamParser parser = new TarStreamParser(counter);
      ArtifactEntry archive;
      try {
        archive =
            writer.write(
                BackupLayout.objectKey(backupId, ARCHIVE_OBJECT),
                new ArtifactContext(backupId, ARCHIVE_OBJECT),
                CONTENT_TYPE,
                dataKey,
                new Parsed(tar.stdout(), parser),
                meter);
      } catch (IOException e) {
        // A dead tar explains a broken stream better than the stream does.
        if (tar.await() > 1 && !tar.diagnostics().errors().isEmpty()) {
          throw new BackupException(
              "reading " + root + " failed: " + tar.diagnostics().errors().get(0), e);
        }
        throw e;
      }
      stored.add(archive);
      tar.awaitTolerated("reading " + root);
      parser.finish();
      stored.add(index.finish());
      return new Archived(counter, tar.diagnostics());
    }
  }

  /** The paths, checked: relative, inside the root, existing (a typo must not back up nothing). */
  static List<String> checkSource(Path root, List<String> requested) throws BackupException {
    if (!Files.isDirectory(root)) {
      throw new BackupException("files source " + root + " is not a directory");
    }
    List<String> paths;
    try {
      paths = RelativePaths.checkAll("--path", requested);
    } catch (IllegalArgumentException e) {
      throw new BackupException(e.getMessage());
    }
    for (String p : paths) {
      if (!Files.exists(root.resolve(p), LinkOption.NOFOLLOW_LINKS)) {
        throw new BackupException("path '" + p + "' does not exist under " + root);
      }
    }
    return paths;
  }

  /** Feeds every byte read through it to the parser, which sees the archive exactly as stored. */
  private static final class Parsed extends FilterInputStream {
    private final TarStreamParser parser;

    Parsed(InputStream in, TarStreamParser parser) {
      super(in);
      this.parser = parser;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        parser.accept(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }
  }

  private void deleteQuietly(String key) {
    try {
      repository.delete(key);
    } catch (IOException e) {
      LOG.warn("could not remove partial backup object {}: {}", key, e.getMessage());
    }
  }
}
