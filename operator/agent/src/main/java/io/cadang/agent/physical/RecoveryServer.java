package io.cadang.agent.physical;

import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTools;
import io.cadang.agent.postgres.ToolProcess;
import io.cadang.agent.wal.Lsn;
import io.cadang.agent.wal.WalFetcher;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL running on a restored data directory until recovery ends. It is reachable only through
 * a Unix socket in a private directory, with a temporary pg_hba.conf that trusts local connections
 * (the source's pg_hba and passwords stay untouched), and it archives nothing, so the recovered
 * cluster can neither be reached by others nor write into the source's WAL archive while it runs.
 */
final class RecoveryServer implements AutoCloseable {
  /** A timeline history file no archive holds (timelines count up from 1). */
  static final String PROBE_FILE = "7FFFFFFF.history";

  /** wal-fetch's exit status for a file the archive lacks. */
  private static final int WAL_FETCH_NOT_FOUND = 1;

  private final PgTools tools;
  private final Path dataDir;
  private final Path socketDir;
  private final Path log;
  private final int port;
  private final String role;
  private final String runAs;
  private boolean running;

  /**
   * @param runAs the OS user to run PostgreSQL as (when we are root), or null for ourselves
   * @param role the cluster's bootstrap superuser, used over the trusted private socket
   */
  RecoveryServer(PgTools tools, Path dataDir, Path workDir, int port, String role, String runAs) {
    this.tools = tools;
    this.dataDir = dataDir;
    this.socketDir = workDir.resolve("sock");
    this.log = workDir.resolve("server.log");
    this.port = port;
    this.role = role;
    this.runAs = runAs;
  }

  /** Writes the private pg_hba.conf and socket directory the server will use. */
  void prepare(Path workDir) throws IOException {
    Files.createDirectories(socketDir);
    Files.writeString(
        workDir.resolve("pg_hba.conf"),
        "# cadang recover: only the private socket, only while recovering\nlocal all all trust\n",
        StandardCharsets.UTF_8);
  }

  /**
   * Starts the server and waits until it accepts connections (read-only, once the restored copy is
   * consistent). Replay may go on for much longer; {@link #awaitPromotion} waits for that.
   */
  void start(Map<String, String> extraEnv, Path workDir) throws RecoveryException {
    List<String> options =
        List.of(
            "-p " + port,
            "-c listen_addresses=''",
            "-c " + quote("unix_socket_directories=" + socketDir),
            "-c " + quote("hba_file=" + workDir.resolve("pg_hba.conf")),
            "-c archive_mode=off",
            "-c hot_standby=on",
            "-c logging_collector=off",
            "-c ssl=off",
            "-c cluster_name=cadang-recover");
    running = true;
    try {
      run(
          List.of(
              tools.tool("pg_ctl").toString(),
              "-D",
              dataDir.toString(),
              "-l",
              log.toString(),
              "-w",
              "-t",
              "120",
              "-o",
              String.join(" ", options),
              "start"),
          extraEnv,
          "PostgreSQL did not start on the restored directory");
    } catch (RecoveryException e) {
      // pg_ctl gives up waiting after its timeout while a long replay goes on; that is fine.
      if (!isAlive()) {
        running = false;
        throw e;
      }
    }
  }

  /**
   * Runs the restore_command once, as the server will (same user, environment and working
   * directory), for a timeline history file no archive holds. PostgreSQL takes any exit status up
   * to 125 for "not in the archive" and ends recovery there, so a command that cannot even start (a
   * JVM that does not launch, a classpath the server's user cannot read, a usage error) would end a
   * recovery to the latest point early and without a word. Only wal-fetch's own not-found answer
   * (or a file written) passes.
   */
  void checkRestoreCommand(WalFetchInvocation fetch, Path workDir) throws RecoveryException {
    Path probe = workDir.resolve("restore-command-probe");
    String command = fetch.expandedFor(PROBE_FILE, probe.toString());
    Result r;
    try {
      r = exec(List.of("sh", "-c", command), fetch.environment(), dataDir);
      Files.deleteIfExists(probe);
    } catch (IOException e) {
      throw new RecoveryException("cannot run restore_command: " + e.getMessage(), e);
    }
    boolean answered =
        r.code() == 0
            || r.code() == WAL_FETCH_NOT_FOUND && r.output().contains(WalFetcher.NOT_FOUND_NOTICE);
    if (!answered) {
      throw new RecoveryException(
          "restore_command (cadang wal-fetch"
              + (runAs == null ? "" : ", run as '" + runAs + "'")
              + ") does not work, exit "
              + r.code()
              + ": "
              + lastLine(r.output()));
    }
  }

  /**
   * Waits until PostgreSQL leaves recovery (promoted at the target), failing with its own fatal
   * message when it gives up instead.
   */
  void awaitPromotion(Duration timeout) throws RecoveryException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!isAlive()) {
        running = false;
        throw new RecoveryException("PostgreSQL stopped during recovery: " + failure(""));
      }
      String answer = queryQuietly("SELECT pg_is_in_recovery()");
      if ("f".equals(answer)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new RecoveryException("recovery did not finish within " + timeout);
  }

  /** Where the promoted server ended up. */
  record Point(Instant lastReplayedCommit, Lsn replayLsn, int timeline) {}

  Point point() throws RecoveryException {
    String row =
        query(
            "SELECT coalesce(extract(epoch FROM pg_last_xact_replay_timestamp())::text, ''),"
                + " pg_last_wal_replay_lsn(), pg_walfile_name(pg_current_wal_lsn())");
    String[] cols = row.split("\\|", -1);
    Instant commit =
        cols[0].isEmpty()
            ? null
            : Instant.ofEpochSecond(0, new BigDecimal(cols[0]).movePointRight(9).longValueExact());
    return new Point(commit, Lsn.parse(cols[1]), Integer.parseInt(cols[2].substring(0, 8), 16));
  }

  /** One row of a query, columns separated by |, through psql on the private socket. */
  String query(String sql) throws RecoveryException {
    return query(sql, "template1");
  }

  String query(String sql, String database) throws RecoveryException {
    try (ToolProcess psql =
        ToolProcess.start(
            "psql",
            List.of(
                tools.tool("psql").toString(),
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql),
            connectionEnvironment(database))) {
      psql.stdin().close();
      String out = new String(psql.stdout().readAllBytes(), StandardCharsets.UTF_8).strip();
      psql.awaitSuccess();
      return out;
    } catch (PgException | IOException e) {
      throw new RecoveryException("query on the recovered server failed: " + e.getMessage(), e);
    }
  }

  /** libpq settings that reach the recovered server over its private socket. */
  Map<String, String> connectionEnvironment(String database) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", socketDir.toString());
    env.put("PGPORT", Integer.toString(port));
    env.put("PGUSER", role);
    env.put("PGDATABASE", database);
    env.put("PGAPPNAME", "cadang-recover");
    return env;
  }

  private String queryQuietly(String sql) {
    try {
      return query(sql);
    } catch (RecoveryException e) {
      return null; // still starting up, or not yet consistent
    }
  }

  /** Clean shutdown: the end-of-recovery checkpoint completes and the directory is consistent. */
  void stop() throws RecoveryException {
    if (!running) {
      return;
    }
    run(
        List.of(
            tools.tool("pg_ctl").toString(),
            "-D",
            dataDir.toString(),
            "-m",
            "fast",
            "-w",
            "-t",
            "600",
            "stop"),
        Map.of(),
        "pg_ctl stop");
    running = false;
  }

  boolean isAlive() {
    try {
      return exec(
                  List.of(tools.tool("pg_ctl").toString(), "-D", dataDir.toString(), "status"),
                  Map.of())
              .code()
          == 0;
    } catch (IOException e) {
      return false;
    }
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  Path logFile() {
    return log;
  }

  @Override
  public void close() {
    if (running || Files.exists(dataDir.resolve("postmaster.pid"))) {
      try {
        run(
            List.of(
                tools.tool("pg_ctl").toString(),
                "-D",
                dataDir.toString(),
                "-m",
                "immediate",
                "-w",
                "stop"),
            Map.of(),
            "pg_ctl stop");
      } catch (RecoveryException e) {
        // Best effort on a failure path; the caller is already reporting the real error.
      }
      running = false;
    }
  }

  private void run(List<String> command, Map<String, String> extraEnv, String what)
      throws RecoveryException {
    Result r;
    try {
      r = exec(command, extraEnv);
    } catch (IOException e) {
      throw new RecoveryException(what + " failed: " + e.getMessage(), e);
    }
    if (r.code() != 0) {
      throw new RecoveryException(what + ": " + failure(r.output()));
    }
  }

  private record Result(int code, String output) {}

  private Result exec(List<String> command, Map<String, String> extraEnv) throws IOException {
    return exec(command, extraEnv, null);
  }

  private Result exec(List<String> command, Map<String, String> extraEnv, Path directory)
      throws IOException {
    List<String> argv = new ArrayList<>();
    if (runAs != null) {
      argv.addAll(List.of("runuser", "-u", runAs, "--"));
    }
    argv.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    // The server inherits this environment (and hands it to restore_command): start it clean.
    Map<String, String> env = pb.environment();
    env.keySet().retainAll(List.of("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR"));
    env.putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), output);
  }

  /** The server's own fatal error, else the last thing it or the tool said. */
  private String failure(String toolOutput) {
    String text = logText();
    String fatal = RecoveryLog.parse(text).fatal();
    if (fatal != null) {
      return fatal;
    }
    String last = lastLine(text);
    return !last.isEmpty() ? last : lastLine(toolOutput);
  }

  /** The last lines of the server log, for the operator's eyes when recovery fails. */
  String logTail(int lines) {
    List<String> all = logText().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static String quote(String setting) {
    // pg_ctl hands -o to /bin/sh; single quotes keep paths with spaces in one argument.
    return WalFetchInvocation.shellQuoted(setting);
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }
}
