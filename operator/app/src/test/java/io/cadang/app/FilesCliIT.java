package io.cadang.app;

import static io.cadang.app.CliAssertions.assertFailsWithOneLine;
import static io.cadang.app.CliAssertions.assertSucceeded;
import static io.cadang.app.CliAssertions.backupIdIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cadang backup --files} and {@code cadang restore --files-into} as a Job runs them: the
 * contract's flags, result JSON and exit codes, against a real S3 server and a local repository.
 */
class FilesCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private final Cadang cadang = Cadang.withUserEnvironment();
  private Path key;
  private Path source;

  @BeforeEach
  void aKeyAndATree() throws Exception {
    key = work.resolve("master.key");
    assertSucceeded(cadang.run("keygen", key.toString()));
    source = Files.createDirectory(work.resolve("source"));
    sh(
        source,
        "mkdir -p uploads/2026 'empty dir' && echo hello > uploads/2026/a.jpg"
            + " && printf x > \"$(printf 'uploads/caf\\xe9')\" && ln -s uploads link"
            + " && echo tmp > scratch.tmp && chown 1001:1002 uploads/2026/a.jpg");
  }

  @Test
  void backupAndRestoreThroughS3WriteTheContractsResults() throws Exception {
    String repo = CliServers.newS3Repo();
    Path backupResult = work.resolve("backup.json");

    Cadang.Result backup =
        assertSucceeded(
            cadang.run(
                "backup",
                "--files=" + source,
                "--exclude=*.tmp",
                "--backup-id=files-1",
                "--repo=" + repo,
                "--key-file=" + key,
                "--result-file=" + backupResult));

    assertEquals("files-1", backupIdIn(backup));
    JsonNode b = JSON.readTree(backupResult.toFile());
    assertEquals("files", b.get("kind").asText());
    assertEquals(7, b.get("files").get("entries").asInt(), b.toString());
    assertEquals(2, b.get("files").get("regularFiles").asInt());
    assertEquals(7, b.get("files").get("bytes").asInt());
    assertEquals(0, b.get("files").get("changedCount").asInt());
    assertFalse(b.has("warnings"));
    assertFalse(b.has("serverVersion"));
    assertEquals(2, b.get("objects").size());

    Path restoreResult = work.resolve("restore.json");
    Path claim = Files.createDirectory(work.resolve("claim"));
    Cadang.Result restore =
        assertSucceeded(
            cadang.run(
                "restore",
                "--files-into=" + claim,
                "--sub-path=r",
                "--backup-id=files-1",
                "--repo=" + repo,
                "--key-file=" + key,
                "--result-file=" + restoreResult));

    assertTrue(restore.out().contains("all checksums match"), restore::toString);
    JsonNode r = JSON.readTree(restoreResult.toFile());
    assertEquals(7, r.get("filesRestored").asInt());
    assertEquals(2, r.get("filesVerified").asInt());
    assertEquals(0, r.get("fileMismatches").size());
    assertTrue(r.get("verified").asBoolean());
    assertEquals("1001 1002\n", text(claim, "stat -c '%u %g' r/uploads/2026/a.jpg"));
    assertFalse(Files.exists(claim.resolve("r/scratch.tmp")));
  }

  @Test
  void verifyOnlyExitsThreeAndNamesTheChangedFile() throws Exception {
    String repo = "file://" + work.resolve("repo");
    String id = backupIdIn(assertSucceeded(backup(repo)));
    Path target = work.resolve("target");
    assertSucceeded(restore(repo, id, target));
    sh(target, "echo changed > uploads/2026/a.jpg");
    Path result = work.resolve("verify.json");

    Cadang.Result verify =
        cadang.run(
            "restore",
            id,
            "--files-into=" + target,
            "--verify-only",
            "--repo=" + repo,
            "--key-file=" + key,
            "--result-file=" + result);

    assertEquals(3, verify.exitCode(), verify::toString);
    assertTrue(
        verify.out().contains("MISMATCH uploads/2026/a.jpg: content differs"), verify::toString);
    JsonNode r = JSON.readTree(result.toFile());
    assertFalse(r.get("verified").asBoolean());
    assertEquals("uploads/2026/a.jpg", r.get("fileMismatches").get(0).get("path").asText());
  }

  @Test
  void aNonEmptyTargetIsRefusedWithOneLine() throws Exception {
    String repo = "file://" + work.resolve("repo");
    String id = backupIdIn(assertSucceeded(backup(repo)));
    Path target = Files.createDirectory(work.resolve("target"));
    Files.writeString(target.resolve("keep"), "x");

    String error = assertFailsWithOneLine(1, restore(repo, id, target));

    assertTrue(error.contains("is not empty") && error.contains("--overwrite"), error);
  }

  @Test
  void aTamperedArchiveFailsWithOneLineAndLeavesTheTargetEmpty() throws Exception {
    String repo = "file://" + work.resolve("repo");
    String id = backupIdIn(assertSucceeded(backup(repo)));
    Path archive = storedObject("files.tar");
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x40);
    }
    Path target = work.resolve("target");

    String error = assertFailsWithOneLine(1, restore(repo, id, target));

    assertTrue(error.contains("files.tar"), error);
    try (Stream<Path> left = Files.list(target)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void aTruncatedArchiveFailsWithOneLine() throws Exception {
    String repo = "file://" + work.resolve("repo");
    String id = backupIdIn(assertSucceeded(backup(repo)));
    Path archive = storedObject("files.tar");
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }

    String error = assertFailsWithOneLine(1, restore(repo, id, work.resolve("target")));

    assertTrue(error.contains("files.tar"), error);
  }

  @Test
  void filesOptionsAreRefusedWhereTheyDoNotApply() {
    String repo = "file://" + work.resolve("repo");
    String mixed =
        assertFailsWithOneLine(
            2,
            cadang.run(
                "backup",
                "--files=" + source,
                "--database=shop",
                "--repo=" + repo,
                "--key-file=" + key));
    assertTrue(mixed.contains("--files backs up a directory"), mixed);

    String escape =
        assertFailsWithOneLine(
            1,
            cadang.run(
                "backup",
                "--files=" + source,
                "--path=../etc",
                "--repo=" + repo,
                "--key-file=" + key));
    assertTrue(escape.contains("must not contain '..'"), escape);
  }

  private Cadang.Result backup(String repo) {
    return cadang.run("backup", "--files=" + source, "--repo=" + repo, "--key-file=" + key);
  }

  private Cadang.Result restore(String repo, String id, Path target) {
    return cadang.run(
        "restore",
        "--files-into=" + target,
        "--backup-id=" + id,
        "--repo=" + repo,
        "--key-file=" + key);
  }

  private Path storedObject(String name) throws IOException {
    try (Stream<Path> all = Files.walk(work.resolve("repo"))) {
      return all.filter(p -> p.getFileName().toString().startsWith(name + "."))
          .findFirst()
          .orElseThrow();
    }
  }

  private static void sh(Path dir, String script) throws Exception {
    text(dir, script);
  }

  private static String text(Path dir, String script) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
