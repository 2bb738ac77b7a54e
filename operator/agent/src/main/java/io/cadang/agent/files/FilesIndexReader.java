package io.cadang.agent.files;

import io.cadang.agent.backup.BackupException;
import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a backup's {@code files-index.jsonl} through the verifying reader into a map by raw name
 * (verification needs random access by name; ~300 bytes of heap per entry).
 */
final class FilesIndexReader {
  private FilesIndexReader() {}

  static Map<String, FileEntry> read(Repository repository, BackupManifest manifest, byte[] dataKey)
      throws BackupException, IOException {
    ArtifactEntry object =
        manifest
            .object(FilesBackup.INDEX_OBJECT)
            .orElseThrow(
                () ->
                    new BackupException(
                        "backup '" + manifest.backupId() + "' has no files-index.jsonl object"));
    Map<String, FileEntry> index = new HashMap<>();
    Lines lines = new Lines(index);
    try (ProgressMeter meter = new ProgressMeter("files index", Duration.ofHours(1))) {
      new ArtifactReader(repository).read(manifest.backupId(), object, dataKey, lines, true, meter);
    } catch (ArtifactIntegrityException e) {
      throw FilesRestore.damaged(manifest, object, e);
    }
    lines.close();
    return index;
  }

  /** Splits the plaintext into lines as it arrives and parses each. */
  private static final class Lines extends OutputStream {
    private final Map<String, FileEntry> index;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Lines(Map<String, FileEntry> index) {
      this.index = index;
    }

    @Override
    public void write(int b) throws IOException {
      if (b == '\n') {
        FileEntry e = FileIndexCodec.parse(line.toString(StandardCharsets.UTF_8));
        index.put(e.key(), e);
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    @Override
    public void close() throws IOException {
      if (line.size() > 0) {
        throw new IOException("the files index ends in the middle of a line");
      }
    }
  }
}
