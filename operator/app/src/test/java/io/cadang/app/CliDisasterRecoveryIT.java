package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough in docs/cli.md: the bucket copied to a directory (what {@code aws s3 sync} does)
 * is a repository cadang restores from, with only the key — no S3, no credentials.
 */
class CliDisasterRecoveryIT {
  @TempDir Path work;

  @Test
  void aBucketCopiedToADirectoryRestoresWithTheKeyAlone() throws Exception {
    Cadang cadang = Cadang.withUserEnvironment();
    String repo = CliServers.newS3Repo();
    String key = work.resolve("master.key").toString();
    assertSucceeded(cadang.run("keygen", key));
    assertSucceeded(
        cadang.run(
            args("backup", serverOptions(), "-d", SAMPLE_DB, "--repo", repo, "--key-file", key)));
    Path copy = work.resolve("bucket-copy");
    syncBucketTo(repo, copy);
    Cadang offline =
        cadang.withEnv("AWS_ACCESS_KEY_ID", null).withEnv("AWS_SECRET_ACCESS_KEY", null);
    String target = CliServers.unique("recovered").replace('-', '_');

    Cadang.Result restore =
        assertSucceeded(
            offline.run(
                args(
                    "restore",
                    "latest",
                    serverOptions(),
                    "-d",
                    SAMPLE_DB,
                    "--target-db",
                    target,
                    "--create",
                    "--repo",
                    copy.toUri().toString(),
                    "--key-file",
                    key)));

    assertTrue(restore.out().contains("all row counts match"), restore::toString);
  }

  /** Copies every object under the repository's prefix to files, as aws s3 sync would. */
  private static void syncBucketTo(String repo, Path dir) throws Exception {
    try (Repository s3 = Repositories.open(repo, CliServers.userEnvironment())) {
      for (String key : s3.list("")) {
        Path file = dir.resolve(key);
        Files.createDirectories(file.getParent());
        try (InputStream in = s3.open(key)) {
          Files.copy(in, file);
        }
      }
    }
  }
}
