package io.cadang.app;

import static io.cadang.app.Cadang.args;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static io.cadang.app.CliServers.SAMPLE_DB;
import static io.cadang.app.CliServers.serverOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.manifest.BackupManifest.ArtifactEntry;
import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup options that change how cadang authenticates and what it reports. */
class CliBackupOptionsIT {
  @TempDir Path work;

  private final Cadang cadang = Cadang.withUserEnvironment();
  private final String repo = CliServers.newS3Repo();
  private String key;

  @BeforeEach
  void aMasterKey() {
    key = work.resolve("master.key").toString();
    assertSucceeded(cadang.run("keygen", key));
  }

  @Test
  void passwordFromAFileIsUsedAndNeverPrinted() throws Exception {
    String password = "Quokka-Lantern-4417-secret";
    String role = CliServers.unique("backup_role").replace('-', '_');
    CliServers.execute(
        "postgres", "CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + password + "'");
    Path passwordFile = work.resolve("pgpass");
    Files.writeString(passwordFile, password + "\n");

    Cadang.Result backup =
        cadang
            .withEnv("PGPASSWORD", null)
            .run(
                args(
                    "backup",
                    serverOptions(),
                    "--user",
                    role,
                    "--password-file",
                    passwordFile,
                    "-d",
                    SAMPLE_DB,
                    "--globals",
                    "--repo",
                    repo,
                    "--key-file",
                    key));

    assertSucceeded(backup);
    assertFalse(backup.everything().contains(password), backup::toString);
  }

  @Test
  void resultFileCarriesTheChecksumsOfTheManifest() throws Exception {
    Path resultFile = work.resolve("result.json");

    String id =
        backupIdIn(
            assertSucceeded(
                cadang.run(
                    args(
                        "backup",
                        serverOptions(),
                        "-d",
                        SAMPLE_DB,
                        "--globals",
                        "--repo",
                        repo,
                        "--key-file",
                        key,
                        "--result-file",
                        resultFile))));

    JsonNode result = new ObjectMapper().readTree(resultFile.toFile());
    BackupManifest manifest = manifest(id);
    assertEquals(id, result.get("backupId").asText());
    assertEquals(manifest.totalStoredBytes(), result.get("storedBytes").asLong());
    Map<String, String> checksums = new HashMap<>();
    result
        .get("objects")
        .forEach(o -> checksums.put(o.get("key").asText(), o.get("sha256").asText()));
    assertEquals(manifest.objects().size(), checksums.size());
    for (ArtifactEntry o : manifest.objects()) {
      assertEquals(o.sha256(), checksums.get(o.key()), o.key());
    }
  }

  private BackupManifest manifest(String id) throws Exception {
    try (Repository r = Repositories.open(repo, CliServers.userEnvironment())) {
      return new BackupCatalog(r).resolve(id);
    }
  }
}
