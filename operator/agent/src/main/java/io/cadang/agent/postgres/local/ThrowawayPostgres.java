package io.cadang.agent.postgres.local;

import io.cadang.agent.postgres.PgTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, disposable PostgreSQL cluster: {@code initdb} into a fresh directory, started on a free
 * loopback port with password (SCRAM) authentication over TCP, removed on {@link #close()}. Used by
 * {@code cadang demo} and by integration tests. initdb and postgres refuse to run as root, so when
 * we are root they run as the {@code postgres} OS user through runuser.
 */
public final class ThrowawayPostgres implements AutoCloseable {
  private static final String SUPERUSER = "postgres";

  private final Path binDir;
  private final Path baseDir;
  private final Path dataDir;
  private final int port;
  private final String password;
  private boolean running;

  private ThrowawayPostgres(Path binDir, Path baseDir, int port, String password) {
    this(binDir, baseDir, baseDir.resolve("data"), port, password);
  }

  private ThrowawayPostgres(Path binDir, Path baseDir, Path dataDir, int port, String password) {
    this.binDir = binDir;
    this.baseDir = baseDir;
    this.dataDir = dataDir;
    this.port = port;
    this.password = password;
  }

  /**
   * Creates and starts a cluster using the tools in {@code binDir} (e.g.
   * /usr/lib/postgresql/15/bin).
   */
  public static ThrowawayPostgres start(Path binDir) throws IOException {
    return start(binDir, null);
  }

  /**
   * Creates and starts a cluster whose files live in a new directory under {@code parent} (a
   * drill's scratch volume), or under the temporary directory when {@code parent} is null.
   */
  public static ThrowawayPostgres start(Path binDir, Path parent) throws IOException {
    Path base =
        parent == null
            ? Files.createTempDirectory("cadang-pg-")
            : Files.createTempDirectory(Files.createDirectories(parent), "cadang-pg-");
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    ThrowawayPostgres pg = new ThrowawayPostgres(binDir, base, freePort(), password);
    try {
      pg.initAndStart();
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
    return pg;
  }

  /**
   * Starts an existing data directory (e.g. one {@code cadang recover} produced) on a free loopback
   * port, whose superuser has {@code password}. {@link #close()} stops the server and keeps {@code
   * dataDir}: only the socket directory and server log, in a temporary directory, are removed.
   */
  public static ThrowawayPostgres adopt(Path binDir, Path dataDir, String password)
      throws IOException {
    Path base = Files.createTempDirectory("cadang-pg-");
    ThrowawayPostgres pg = new ThrowawayPostgres(binDir, base, dataDir, freePort(), password);
    try {
      Files.createDirectories(base.resolve("sock"));
      if (isRoot()) {
        run(List.of("chown", "-R", "postgres:postgres", base.toString()));
      }
      pg.startServer();
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
    return pg;
  }

  private void initAndStart() throws IOException {
    Path pwFile = baseDir.resolve("pw");
    Files.writeString(pwFile, password + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
    Path sockets = baseDir.resolve("sock");
    Files.createDirectories(sockets);
    if (isRoot()) {
      run(List.of("chown", "-R", "postgres:postgres", baseDir.toString()));
      Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwx------"));
    }
    run(
        asPostgres(
            List.of(
                binDir.resolve("initdb").toString(),
                "-D",
                dataDir.toString(),
                "-U",
                SUPERUSER,
                "--pwfile=" + pwFile,
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync")));
    Files.deleteIfExists(pwFile);
    startServer();
  }

  private void startServer() throws IOException {
    Path sockets = baseDir.resolve("sock");
    run(
        asPostgres(
            List.of(
                binDir.resolve("pg_ctl").toString(),
                "-D",
                dataDir.toString(),
                "-l",
                baseDir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p "
                    + port
                    + " -k "
                    + sockets
                    + " -c listen_addresses=127.0.0.1 -c max_wal_senders=10"
                    + " -c wal_level=replica -c max_connections=50",
                "start")));
    running = true;
  }

  /** Superuser connection to {@code database}. */
  public PgTarget target(String database) {
    return new PgTarget("127.0.0.1", port, SUPERUSER, database, "disable", password);
  }

  public int port() {
    return port;
  }

  public Path binDir() {
    return binDir;
  }

  /** The superuser password, for tests that pass it the way users do (env or file). */
  public String password() {
    return password;
  }

  /**
   * Loses the server the way a node failure does: SIGKILL to the postmaster (no shutdown
   * checkpoint, nothing more sent to replicas), then its data directory is deleted.
   */
  public void crashAndLoseData() throws IOException {
    if (running) {
      String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
      run(List.of("kill", "-9", pid));
      running = false;
      awaitExit(Long.parseLong(pid));
    }
    deleteTree(dataDir);
  }

  private static void awaitExit(long pid) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("postmaster " + pid + " still alive 30 s after SIGKILL");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for postmaster " + pid + " to exit", e);
      }
    }
  }

  /**
   * Stops the server (immediately, like a crash) and starts it again on the same port: tests use
   * this to make the server read what they changed in its files.
   */
  public void restart() throws IOException {
    stop();
    startServer();
  }

  /** The cluster's data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server hard and stops it abruptly (tests use this to simulate losing it). */
  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      run(
          asPostgres(
              List.of(
                  binDir.resolve("pg_ctl").toString(),
                  "-D",
                  dataDir.toString(),
                  "-m",
                  "immediate",
                  "-w",
                  "stop")));
    } catch (IOException | RuntimeException e) {
      // Best effort: the directory is removed next and the port is free either way.
    }
  }

  @Override
  public void close() {
    stop();
    deleteTree(baseDir);
  }

  private static List<String> asPostgres(List<String> command) {
    if (!isRoot()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            Path.of(command.get(command.size() > 4 && isRoot() ? 4 : 0)).getFileName()
                + " failed: "
                + lastLine(output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // A leftover temp directory is not worth failing a run for.
    }
  }
}
