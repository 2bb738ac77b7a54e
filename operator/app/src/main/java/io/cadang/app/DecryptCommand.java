package io.cadang.app;

import io.cadang.agent.crypto.ArtifactIntegrityException;
import io.cadang.agent.crypto.CryptoWarmup;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.manifest.ManifestCodec;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.Repository;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    description =
        "Write an artifact's plaintext (a pg_dump archive or SQL) to a file or stdout, for restores"
            + " by hand with standard tools: cadang decrypt ... | pg_restore -d db")
final class DecryptCommand implements Callable<Integer> {
  @ParentCommand CadangMain root;
  @Mixin RepositoryOption repository;
  @Mixin KeyOptionsMixin keys;

  @Parameters(index = "0", paramLabel = "BACKUP", description = "Backup id, or 'latest'.")
  String backupRef;

  @Parameters(
      index = "1",
      paramLabel = "OBJECT",
      description = "Object name (e.g. db/app.dump, globals.sql) or a database name.")
  String object;

  @Option(
      names = {"--output", "-o"},
      description = "Output file (default: stdout). Written to a temp file, renamed when verified.")
  Path output;

  @Option(names = "--compressed", description = "Keep the zstd compression (output .zst).")
  boolean compressed;

  @Override
  public Integer call() throws Exception {
    // Compile the crypto paths while this command connects and starts its tools.
    CryptoWarmup.ensureStarted();
    try (Repository repo = repository.open(root.env())) {
      BackupManifest m = new BackupCatalog(repo).resolve(backupRef);
      ArtifactEntry entry = find(m);
      KeyProvider keyProvider = keys.open(root.env());
      byte[] dataKey = keyProvider.unwrap(m.encryption().wrappedKey());
      try {
        ManifestCodec.verifySeal(m, dataKey);
        ArtifactReader reader = new ArtifactReader(repo);
        if (output == null) {
          try (ProgressMeter meter =
              new ProgressMeter(
                  "decrypt " + entry.name(),
                  Duration.ofSeconds(10),
                  compressed ? -1 : entry.rawBytes())) {
            OutputStream stdout =
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20);
            reader.read(m.backupId(), entry, dataKey, stdout, !compressed, meter);
            stdout.flush();
          }
          return 0;
        }
        // A file appears only once every frame and the checksum verified.
        Path tmp = output.resolveSibling("." + output.getFileName() + ".partial");
        try (ProgressMeter meter =
                new ProgressMeter(
                    "decrypt " + entry.name(),
                    Duration.ofSeconds(10),
                    compressed ? -1 : entry.rawBytes());
            OutputStream out = Files.newOutputStream(tmp)) {
          reader.read(m.backupId(), entry, dataKey, out, !compressed, meter);
        } catch (Exception e) {
          Files.deleteIfExists(tmp);
          throw e;
        }
        Files.move(
            tmp,
            output,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        root.spec
            .commandLine()
            .getErr()
            .printf("wrote %s (%s of backup %s)%n", output, entry.name(), m.backupId());
        return 0;
      } finally {
        Arrays.fill(dataKey, (byte) 0);
      }
    }
  }

  private ArtifactEntry find(BackupManifest m) throws ArtifactIntegrityException {
    return m.object(object)
        .or(() -> m.database(object).flatMap(db -> m.object(db.object())))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "backup '"
                        + m.backupId()
                        + "' has no object or database '"
                        + object
                        + "' (objects: "
                        + m.objects().stream().map(ArtifactEntry::name).toList()
                        + ")"));
  }
}
