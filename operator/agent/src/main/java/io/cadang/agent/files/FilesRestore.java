package io.cadang.agent.files;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.keys.KeyException;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.KeyRecords;
import io.cadang.agent.manifest.ManifestException;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a files backup into a directory and verifies it: the index is read first (so a damaged
 * backup fails before anything is written), the archive streams through the verifying reader and a
 * member check ({@link SafeMembers}) into {@code tar --extract}, then {@link FilesVerifier} reads
 * the restored tree back and compares every regular file's SHA-256 with the index. A restore that
 * fails half-way into an empty target empties it again, so no half-restored tree is left looking
 * like a good one.
 */
public final class FilesRestore {
  private static final Logger LOG = LoggerFactory.getLogger(FilesRestore.class);

  private final Repository repository;
  private final KeyProvider keys;
  private final Duration progressInterval;

  public FilesRestore(Repository repository, KeyProvider keys, Duration progressInterval) {
    this.repository = repository;
    this.keys = keys;
    this.progressInterval = progressInterval;
  }

  public FilesRestoreReport run(FilesRestoreRequest request)
      throws BackupException, KeyException, IOException, ManifestException {
    Instant started = Instant.now();
    BackupManifest manifest = new BackupCatalog(repository).resolve(request.backupRef());
    if (!BackupManifest.KIND_FILES.equals(manifest.kind())) {
      throw new BackupException(
          "backup '"
              + manifest.backupId()
              + "' is a "
              + manifest.kind()
              + " backup, not a files backup");
    }
    Path target = target(request);
    byte[] dataKey = KeyRecords.openDataKey(repository, manifest, keys);
    try {
      Map<String, FileEntry> index = FilesIndexReader.read(repository, manifest, dataKey);
      long restored = 0;
      if (!request.verifyOnly()) {
        restored = extract(manifest, dataKey, target, request.overwrite());
      } else if (!Files.isDirectory(target)) {
        throw new BackupException("nothing to verify: " + target + " is not a directory");
      }
      FilesVerifier verifier = new FilesVerifier(index);
      verifier.verify(target);
      FilesRestoreReport report =
          new FilesRestoreReport(
              manifest.backupId(),
              target,
              restored,
              verifier.verifiedFiles(),
              verifier.mismatches(),
              verifier.mismatchCount(),
              Duration.between(started, Instant.now()));
      LOG.info(
          "files restore of {} into {}: {} entries restored, {} files verified, {} mismatches",
          manifest.backupId(),
          target,
          restored,
          report.verifiedFiles(),
          report.mismatchCount());
      return report;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private static Path target(FilesRestoreRequest request) throws BackupException {
    Path into = request.into().toAbsolutePath().normalize();
    if (request.subPath() == null || request.subPath().isEmpty()) {
      return into;
    }
    try {
      return into.resolve(RelativePaths.check("--sub-path", request.subPath())).normalize();
    } catch (IllegalArgumentException e) {
      throw new BackupException(e.getMessage());
    }
  }

  private long extract(BackupManifest manifest, byte[] dataKey, Path target, boolean overwrite)
      throws BackupException, IOException {
    boolean wasEmpty = TargetDirectory.prepare(target, overwrite);
    ArtifactEntry archive =
        manifest
            .object(FilesBackup.ARCHIVE_OBJECT)
            .orElseThrow(
                () ->
                    new BackupException(
                        "backup '" + manifest.backupId() + "' has no files.tar object"));
    SafeMembers members = new SafeMembers();
    TarStreamParser parser = new TarStreamParser(members);
    boolean done = false;
    try (TarProcess tar = TarProcess.start(TarCommands.extract(target));
        ProgressMeter meter =
            new ProgressMeter("restore " + manifest.backupId() + " files", progressInterval)) {
      OutputStream toTar = new Checked(tar.stdin(), parser);
      try {
        new ArtifactReader(repository)
            .read(manifest.backupId(), archive, dataKey, toTar, true, meter);
        parser.finish();
      } catch (IOException e) {
        // A broken pipe means tar gave up first, and tar's own message says why; a damaged
        // artifact or an unsafe member is reported as itself.
        if (e instanceof ArtifactIntegrityException) {
          throw damaged(manifest, archive, e);
        }
        if (tar.exited() && !tar.diagnostics().errors().isEmpty()) {
          throw new BackupException(
              "extracting into " + target + " failed: " + tar.diagnostics().errors().get(0), e);
        }
        throw e;
      }
      toTar.close();
      int code = tar.await();
      if (code != 0) {
        throw new BackupException(
            "extracting into "
                + target
                + " failed (tar exit "
                + code
                + "): "
                + (tar.diagnostics().errors().isEmpty()
                    ? "no error output"
                    : tar.diagnostics().errors().get(0)));
      }
      done = true;
      return members.entries();
    } finally {
      if (!done && wasEmpty) {
        try {
          TargetDirectory.empty(target);
        } catch (IOException e) {
          LOG.warn("could not empty {} after the failed restore: {}", target, e.getMessage());
        }
      }
    }
  }

  /** Names the backup and object, which the pipeline's own message does not. */
  static BackupException damaged(BackupManifest manifest, ArtifactEntry object, IOException e) {
    return new BackupException(
        "object "
            + object.name()
            + " of backup '"
            + manifest.backupId()
            + "' is damaged: "
            + e.getMessage(),
        e);
  }

  /** Lets bytes through to tar only after the parser has accepted every header among them. */
  private static final class Checked extends OutputStream {
    private final OutputStream out;
    private final TarStreamParser parser;

    Checked(OutputStream out, TarStreamParser parser) {
      this.out = out;
      this.parser = parser;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      parser.accept(b, off, len);
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
