package io.cadang.agent.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushing over SSH with a key from the environment: a real SSH server (Apache MINA sshd, the
 * library JGit's transport is built on) serving git-upload-pack/git-receive-pack for a local bare
 * repository, accepting exactly one client key. Host keys are checked against the given
 * known_hosts.
 */
class ConfigGitSshTest {
  @TempDir Path dir;
  private SshServer sshd;
  private Path bare;
  private KeyPair client;
  private KeyPair host;
  private final AtomicInteger logins = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    bare = dir.resolve("configs.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
    // RSA in PKCS#8 ("BEGIN PRIVATE KEY"); the JDK's EC PKCS#8 encoding omits the public point,
    // which sshd needs (OpenSSH-format keys from ssh-keygen carry it).
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    client = rsa.generateKeyPair();
    host = ecKey();
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(host));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> {
          boolean ok = KeyUtils.compareKeys(key, client.getPublic());
          if (ok) {
            logins.incrementAndGet();
          }
          return ok;
        });
    sshd.setCommandFactory((channel, command) -> new GitCommand(bare, command));
    sshd.start();
  }

  @AfterEach
  void stop() throws Exception {
    sshd.stop(true);
  }

  private String url() {
    return "ssh://git@127.0.0.1:" + sshd.getPort() + "/configs.git";
  }

  private String knownHosts(KeyPair hostKey) throws Exception {
    return "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  private GitPublisher.Outcome publish(GitCredentials credentials) throws ConfigsException {
    ExportedObject o =
        new ExportedObject(
            ResourceKind.parse("v1/ConfigMap"),
            "shop",
            "settings",
            "shop/core/ConfigMap/settings.yaml",
            "apiVersion: v1\nkind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
    return new GitPublisher(credentials)
        .publish(
            new GitTarget(url(), "main", "", null, null, Set.of()),
            List.of(o),
            "cadang config snapshot test");
  }

  @Test
  void pushesWithAnSshKeyAndChecksTheHostKey() throws Exception {
    GitPublisher.Outcome outcome =
        publish(new GitCredentials("x", null, pem(client), knownHosts(host)));
    assertNotNull(outcome.commit());
    assertTrue(outcome.pushed());
    assertTrue(logins.get() > 0);
    try (Git git = Git.open(bare.toFile())) {
      List<String> messages = new ArrayList<>();
      git.log()
          .add(git.getRepository().resolve("refs/heads/main"))
          .call()
          .forEach(c -> messages.add(c.getShortMessage()));
      assertEquals(List.of("cadang config snapshot test"), messages);
    }
  }

  @Test
  void anUnknownHostKeyIsRefusedInOneLine() throws Exception {
    ConfigsException e =
        assertThrows(
            ConfigsException.class,
            () -> publish(new GitCredentials("x", null, pem(client), knownHosts(ecKey()))));
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(
        e.getMessage().startsWith("git: pushing to " + url() + " (branch main) failed: "),
        e.getMessage());
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
      assertEquals(null, repo.exactRef("refs/heads/main"));
    }
  }

  @Test
  void aKeyWithoutKnownHostsIsRefused() {
    ConfigsException e =
        assertThrows(
            ConfigsException.class,
            () -> publish(new GitCredentials("x", null, pem(client), null)));
    assertTrue(
        e.getMessage().contains("CADANG_GIT_SSH_KEY needs CADANG_GIT_KNOWN_HOSTS"), e.getMessage());
  }

  private static KeyPair ecKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** PKCS#8 PEM, the form {@code openssl genpkey} writes. */
  private static String pem(KeyPair key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** git-upload-pack / git-receive-pack on the one bare repository, as a git SSH server runs. */
  private static final class GitCommand implements Command {
    private final Path bare;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(Path bare, String command) {
      this.bare = bare;
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread t =
          new Thread(
              () -> {
                try (Repository repo =
                    new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
                  if (command.startsWith("git-upload-pack")) {
                    new UploadPack(repo).upload(in, out, err);
                  } else if (command.startsWith("git-receive-pack")) {
                    new ReceivePack(repo).receive(in, out, err);
                  } else {
                    exit.onExit(127, "unknown command " + command);
                    return;
                  }
                  out.flush();
                  exit.onExit(0);
                } catch (Exception e) {
                  exit.onExit(1, e.toString());
                }
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
