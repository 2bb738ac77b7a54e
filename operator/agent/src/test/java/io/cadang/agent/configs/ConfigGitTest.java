package io.cadang.agent.configs;

import static io.cadang.agent.configs.ConfigFixtures.NS;
import static io.cadang.agent.configs.ConfigFixtures.SECRET_TOKEN;
import static io.cadang.agent.configs.ConfigFixtures.SECRET_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cadang.agent.keys.LocalKeyProvider;
import io.cadang.agent.manifest.BackupCatalog;
import io.cadang.agent.manifest.BackupManifest;
import io.cadang.agent.pipeline.ArtifactReader;
import io.cadang.agent.pipeline.CompressionSettings;
import io.cadang.agent.pipeline.ProgressMeter;
import io.cadang.agent.repository.FileRepository;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigGitTest {
  private static final byte[] MASTER = new byte[32];

  @TempDir Path dir;
  private MockApi api;
  private FileRepository repository;
  private Path bare;

  @BeforeEach
  void setUp() throws Exception {
    api = MockApi.start(NS, "elsewhere");
    api.createWidgetCrd();
    ConfigFixtures.populate(api.client);
    repository = new FileRepository(dir.resolve("repo"));
    bare = dir.resolve("configs.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  private BackupManifest backup(String id, String gitUrl) throws Exception {
    return backup(id, gitUrl, Set.of());
  }

  private BackupManifest backup(String id, String gitUrl, Set<String> excluded) throws Exception {
    return new ConfigBackup(
            repository, LocalKeyProvider.fromBytes(MASTER), api.client, Clock.systemUTC())
        .run(
            new ConfigBackupRequest(
                ConfigFixtures.selection(),
                id,
                new GitTarget(gitUrl, "main", "clusters/prod", null, null, excluded),
                GitCredentials.none(),
                CompressionSettings.defaults()));
  }

  @Test
  void commitsOnlyWhenSomethingChangedAndNeverASecret() throws Exception {
    String url = bare.toUri().toString();
    BackupManifest first = backup("cfg-1", url);
    BackupManifest.Git git1 = first.configs().git();
    assertNotNull(git1.commit());
    assertTrue(git1.pushed());
    assertEquals(4, first.configs().objects());
    assertEquals(1, first.configs().secrets());
    assertEquals(
        List.of(
            "clusters/prod/shop/apps/Deployment/web.yaml",
            "clusters/prod/shop/core/ConfigMap/settings.yaml",
            "clusters/prod/shop/example.com/Widget/blue.yaml"),
        files(git1.commit()));
    assertEquals(1, commits().size());

    BackupManifest second = backup("cfg-2", url);
    assertNull(second.configs().git().commit(), "an unchanged export must not commit");
    assertTrue(second.configs().git().pushed());
    assertEquals(1, commits().size());

    api.client
        .configMaps()
        .inNamespace(NS)
        .resource(ConfigFixtures.settings("worker_count: 8\n"))
        .update();
    api.client
        .genericKubernetesResources(ConfigFixtures.WIDGETS)
        .inNamespace(NS)
        .withName("blue")
        .delete();
    BackupManifest third = backup("cfg-3", url);
    String commit3 = third.configs().git().commit();
    assertNotNull(commit3);
    assertEquals(2, commits().size());
    assertEquals(
        List.of(
            "clusters/prod/shop/apps/Deployment/web.yaml",
            "clusters/prod/shop/core/ConfigMap/settings.yaml"),
        files(commit3));
    assertTrue(
        blob(commit3, "clusters/prod/shop/core/ConfigMap/settings.yaml")
            .contains("worker_count: 8"));

    // The Secret is in the encrypted archive (a restore needs it) ...
    String archive = archiveText(third);
    assertTrue(archive.contains("shop/core/Secret/db-credentials.yaml"));
    assertTrue(archive.contains(ConfigFixtures.b64(SECRET_VALUE)));
    // ... and nowhere in git: no object in the bare repository, reachable or not, holds it.
    List<String> needles =
        List.of(
            SECRET_VALUE,
            SECRET_TOKEN,
            ConfigFixtures.b64(SECRET_VALUE),
            ConfigFixtures.b64(SECRET_TOKEN),
            "db-credentials");
    int scanned = 0;
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      for (ObjectId id : allObjects(repo)) {
        String content =
            new String(
                repo.open(id).getCachedBytes(Integer.MAX_VALUE), StandardCharsets.ISO_8859_1);
        for (String needle : needles) {
          assertFalse(content.contains(needle), "git object " + id.name() + " holds " + needle);
        }
        scanned++;
      }
    }
    System.out.println("scanned " + scanned + " git objects for secret values");
    assertTrue(scanned >= 10, "scanned only " + scanned + " objects");
  }

  @Test
  void excludedKindsStayInTheArchiveOnly() throws Exception {
    BackupManifest m = backup("cfg-x", bare.toUri().toString(), Set.of("example.com/v1/Widget"));
    assertEquals(
        List.of(
            "clusters/prod/shop/apps/Deployment/web.yaml",
            "clusters/prod/shop/core/ConfigMap/settings.yaml"),
        files(m.configs().git().commit()));
    assertTrue(archiveText(m).contains("shop/example.com/Widget/blue.yaml"));
    assertEquals(4, m.configs().objects());
  }

  @Test
  void gitFailureIsOneLineAndTheArchiveIsStillABackup() throws Exception {
    String missing = dir.resolve("no-such-repo.git").toUri().toString();
    ConfigsException e = assertThrows(ConfigsException.class, () -> backup("cfg-fail", missing));
    System.out.println("git failure: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("git: pushing to " + missing + " (branch main) failed: "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "the encrypted snapshot is stored as backup cfg-fail (backups/cfg-fail/configs.tar.zst.cdg)"),
        e.getMessage());
    BackupManifest stored = new BackupCatalog(repository).load("cfg-fail");
    assertFalse(stored.configs().git().pushed());
    assertNull(stored.configs().git().commit());
  }

  @Test
  void credentialsNeverGoInTheUrl() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GitTarget(
                    "https://bot:ghp_secret@example.com/o/r.git", null, null, null, null, null));
    assertFalse(e.getMessage().contains("ghp_secret"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GitTarget("file:///x", "main", "../up", null, null, null));
    assertEquals(
        "GitCredentials[token=true, sshKey=false, knownHosts=false]",
        new GitCredentials("u", "tok-123", null, null).toString());
  }

  private String archiveText(BackupManifest m) throws Exception {
    byte[] dataKey = LocalKeyProvider.fromBytes(MASTER).unwrap(m.encryption().wrappedKey());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ProgressMeter meter = new ProgressMeter("t", Duration.ofHours(1))) {
      new ArtifactReader(repository)
          .read(m.backupId(), m.object("configs.tar").orElseThrow(), dataKey, out, true, meter);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<RevCommit> commits() throws Exception {
    try (Git git = Git.open(bare.toFile())) {
      List<RevCommit> all = new ArrayList<>();
      git.log().all().call().forEach(all::add);
      return all;
    }
  }

  private List<String> files(String commit) throws Exception {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(repo.parseCommit(ObjectId.fromString(commit)).getTree());
      walk.setRecursive(true);
      List<String> paths = new ArrayList<>();
      while (walk.next()) {
        paths.add(walk.getPathString());
      }
      return paths;
    }
  }

  private String blob(String commit, String path) throws Exception {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
        TreeWalk walk =
            TreeWalk.forPath(repo, path, repo.parseCommit(ObjectId.fromString(commit)).getTree())) {
      return new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every object in the repository's store: loose and packed, reachable or not. */
  private static Set<ObjectId> allObjects(Repository repo) throws Exception {
    Set<ObjectId> ids = new HashSet<>();
    ObjectDirectory odb = (ObjectDirectory) repo.getObjectDatabase();
    for (Pack pack : odb.getPacks()) {
      PackIndex index = pack.getIndex();
      for (PackIndex.MutableEntry e : index) {
        ids.add(e.toObjectId());
      }
    }
    try (Stream<Path> loose = Files.walk(odb.getDirectory().toPath(), 2)) {
      for (Path p : loose.toList()) {
        Path rel = odb.getDirectory().toPath().relativize(p);
        if (rel.getNameCount() == 2 && rel.getName(0).toString().length() == 2) {
          String hex = rel.getName(0).toString() + rel.getName(1);
          if (hex.length() == Constants.OBJECT_ID_STRING_LENGTH) {
            ids.add(ObjectId.fromString(hex));
          }
        }
      }
    }
    return ids;
  }
}
