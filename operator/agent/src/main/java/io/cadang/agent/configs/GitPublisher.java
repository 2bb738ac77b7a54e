package io.cadang.agent.configs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the non-secret objects of a snapshot to a git branch and pushes it. The branch is fetched
 * into a throwaway repository, the target sub-directory is replaced by the snapshot (so deleted
 * objects disappear from git too), and a commit is made only when that changes the tree: an
 * unchanged cluster leaves the history alone. Credentials live in a private temporary directory for
 * the duration of the push and are never written into the repository or its config.
 */
public final class GitPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(GitPublisher.class);

  /**
   * @param commit the new commit's id, or null when nothing changed
   * @param pushed whether the remote branch holds the snapshot (true when unchanged and present)
   * @param files files written to git
   */
  public record Outcome(String commit, boolean pushed, int files) {}

  private final GitCredentials credentials;

  public GitPublisher(GitCredentials credentials) {
    this.credentials = credentials;
  }

  public Outcome publish(GitTarget target, List<ExportedObject> objects, String message)
      throws ConfigsException {
    List<ExportedObject> allowed = objects.stream().filter(o -> target.allows(o.kind())).toList();
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("cadang-git-");
      try (Auth auth = Auth.prepare(credentials, scratch.resolve("auth"))) {
        return publish(target, allowed, message, scratch.resolve("work"), auth);
      }
    } catch (GitAPIException | JGitInternalException | IOException e) {
      throw new ConfigsException(
          "git: pushing to "
              + target.url()
              + " (branch "
              + target.branch()
              + ") failed: "
              + rootMessage(e),
          e);
    } finally {
      deleteRecursively(scratch);
    }
  }

  private Outcome publish(
      GitTarget target, List<ExportedObject> objects, String message, Path work, Auth auth)
      throws GitAPIException, IOException, ConfigsException {
    String branchRef = "refs/heads/" + target.branch();
    try (Git git =
        Git.init().setDirectory(work.toFile()).setInitialBranch(target.branch()).call()) {
      StoredConfig config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", target.url());
      config.setBoolean("commit", null, "gpgSign", false);
      config.save();

      Collection<Ref> remoteRefs =
          auth.apply(Git.lsRemoteRepository().setRemote(target.url()).setHeads(true)).call();
      boolean remoteHasBranch = remoteRefs.stream().anyMatch(r -> r.getName().equals(branchRef));
      if (remoteHasBranch) {
        String tracking = "refs/remotes/origin/" + target.branch();
        auth.apply(
                git.fetch()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec("+" + branchRef + ":" + tracking)))
            .call();
        ObjectId tip = git.getRepository().resolve(tracking);
        RefUpdate update = git.getRepository().updateRef(branchRef);
        update.setNewObjectId(tip);
        update.forceUpdate();
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(tip.name()).call();
      }

      replaceTree(work, target.path(), objects);
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      Status status = git.status().call();
      if (status.isClean()) {
        LOG.info("git: {} unchanged, no commit", target.branch());
        return new Outcome(null, remoteHasBranch, objects.size());
      }
      RevCommit commit =
          git.commit()
              .setAuthor(target.authorName(), target.authorEmail())
              .setCommitter(target.authorName(), target.authorEmail())
              .setSign(false)
              .setMessage(
                  message
                      + "\n\n"
                      + status.getAdded().size()
                      + " added, "
                      + status.getChanged().size()
                      + " changed, "
                      + status.getRemoved().size()
                      + " removed\n")
              .call();
      Iterable<PushResult> results =
          auth.apply(
                  git.push()
                      .setRemote("origin")
                      .setRefSpecs(new RefSpec(branchRef + ":" + branchRef))
                      .setAtomic(false))
              .call();
      for (PushResult result : results) {
        for (RemoteRefUpdate u : result.getRemoteUpdates()) {
          if (u.getStatus() != RemoteRefUpdate.Status.OK
              && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
            throw new ConfigsException(
                "git: push to "
                    + target.url()
                    + " (branch "
                    + target.branch()
                    + ") was rejected: "
                    + u.getStatus()
                    + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
          }
        }
      }
      LOG.info(
          "git: committed {} to {} (branch {}): {} added, {} changed, {} removed",
          commit.getName(),
          target.url(),
          target.branch(),
          status.getAdded().size(),
          status.getChanged().size(),
          status.getRemoved().size());
      return new Outcome(commit.getName(), true, objects.size());
    }
  }

  /** Empties the snapshot's sub-directory (never .git) and writes the objects into it. */
  private static void replaceTree(Path work, String path, List<ExportedObject> objects)
      throws IOException {
    Path root = path.isEmpty() ? work : work.resolve(path);
    if (Files.isDirectory(root)) {
      try (Stream<Path> children = Files.list(root)) {
        for (Path child : children.toList()) {
          if (!child.equals(work.resolve(".git"))) {
            deleteRecursively(child);
          }
        }
      }
    }
    for (ExportedObject o : objects) {
      Path file = root.resolve(o.path());
      Files.createDirectories(file.getParent());
      Files.write(file, o.yaml());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String message = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    int nl = message.indexOf('\n');
    String line = (nl < 0 ? message : message.substring(0, nl)).trim();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  static void deleteRecursively(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", path, e.getMessage());
    }
  }

  /** How commands authenticate: HTTPS token, or an SSH key with strict host key checking. */
  private static final class Auth implements AutoCloseable {
    private final UsernamePasswordCredentialsProvider https;
    private final SshdSessionFactory ssh;

    private Auth(UsernamePasswordCredentialsProvider https, SshdSessionFactory ssh) {
      this.https = https;
      this.ssh = ssh;
    }

    static Auth prepare(GitCredentials credentials, Path dir) throws IOException, ConfigsException {
      UsernamePasswordCredentialsProvider https =
          credentials.token() == null
              ? null
              : new UsernamePasswordCredentialsProvider(
                  credentials.username(), credentials.token());
      SshdSessionFactory ssh = null;
      if (credentials.sshPrivateKey() != null) {
        if (credentials.knownHosts() == null) {
          throw new ConfigsException(
              "git: "
                  + GitCredentials.SSH_KEY_ENV
                  + " needs "
                  + GitCredentials.KNOWN_HOSTS_ENV
                  + " (the server's host key is always checked)");
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path key = dir.resolve("id_key");
        Path knownHosts = dir.resolve("known_hosts");
        Files.createFile(
            key,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String keyText = credentials.sshPrivateKey();
        Files.writeString(key, keyText.endsWith("\n") ? keyText : keyText + "\n");
        Files.writeString(knownHosts, credentials.knownHosts() + "\n");
        ssh =
            new SshdSessionFactoryBuilder()
                .setHomeDirectory(dir.toFile())
                .setSshDirectory(dir.toFile())
                .setDefaultIdentities(d -> List.of(key))
                .setDefaultKnownHostsFiles(d -> List.of(knownHosts))
                .setPreferredAuthentications("publickey")
                .build(null);
      }
      return new Auth(https, ssh);
    }

    <C extends TransportCommand<C, ?>> C apply(C command) {
      if (https != null) {
        command.setCredentialsProvider(https);
      }
      if (ssh != null) {
        command.setTransportConfigCallback(
            transport -> {
              if (transport instanceof SshTransport s) {
                s.setSshSessionFactory(ssh);
              }
            });
      }
      return command;
    }

    @Override
    public void close() {
      if (ssh != null) {
        ssh.close();
      }
    }
  }
}
