package io.cadang.agent.wal;

import io.cadang.agent.postgres.PgTarget;
import io.cadang.agent.postgres.PgTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 cluster this test owns, so it can restart it through archive recovery onto a new
 * timeline (the shared test server cannot be restarted). Trust authentication on loopback.
 */
final class RestartableCluster implements AutoCloseable {
  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;

  private RestartableCluster(Path bin, Path base, int port) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
  }

  static RestartableCluster start() throws Exception {
    Path base = Files.createTempDirectory("cadang-wal-tli-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RestartableCluster c = new RestartableCluster(PgTools.newest(null).binDir(), base, port);
    run("chown", "-R", "postgres:postgres", base.toString());
    c.asPostgres(
        c.bin.resolve("initdb").toString(),
        "-D",
        c.data.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C.UTF-8");
    Files.writeString(
        c.data.resolve("postgresql.auto.conf"),
        "port = "
            + port
            + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
            + base
            + "'\nwal_level = replica\nmax_wal_senders = 5\nmax_replication_slots = 5\n"
            + "restore_command = 'false'\n",
        java.nio.file.StandardOpenOption.APPEND);
    c.pgCtl("start");
    return c;
  }

  PgTarget target() {
    return new PgTarget("127.0.0.1", port, "postgres", "postgres", "disable", null);
  }

  /**
   * Clean stop, then archive recovery with nothing to restore: PostgreSQL replays its own pg_wal,
   * ends recovery and continues on the next timeline, writing its history file.
   */
  void restartOnNewTimeline() throws Exception {
    pgCtl("stop", "-m", "fast");
    Path signal = data.resolve("recovery.signal");
    Files.write(signal, new byte[0]);
    run("chown", "postgres:postgres", signal.toString());
    pgCtl("start");
  }

  private void pgCtl(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                base.resolve("server.log").toString(),
                "-w",
                "-t",
                "60"));
    cmd.addAll(List.of(args));
    asPostgres(cmd.toArray(String[]::new));
  }

  private void asPostgres(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(List.of(command));
    run(cmd.toArray(String[]::new));
  }

  private static void run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      pgCtl("stop", "-m", "immediate");
    } catch (IOException e) {
      // already stopped
    }
    run("rm", "-rf", base.toString());
  }
}
