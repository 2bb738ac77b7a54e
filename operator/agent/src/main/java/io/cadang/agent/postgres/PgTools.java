package io.cadang.agent.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the PostgreSQL client tools to use against a server. pg_dump refuses (or silently misses
 * features) when it is older than the server's major version, so we pick the tools of the server's
 * major when installed, otherwise the lowest newer major; never an older one.
 */
public final class PgTools {
  private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private final Path binDir;
  private final int major;

  private PgTools(Path binDir, int major) {
    this.binDir = binDir;
    this.major = major;
  }

  /**
   * @param explicitBinDir a directory given by the user ({@code --pg-bin} or {@code
   *     CADANG_PG_BIN}); used as is when set
   * @param serverMajor the server's major version, e.g. 15
   */
  public static PgTools forServer(Path explicitBinDir, int serverMajor) throws PgException {
    if (explicitBinDir != null) {
      if (!Files.isExecutable(explicitBinDir.resolve("pg_dump"))) {
        throw new PgException(
            PgException.Reason.TOOL_NOT_FOUND, "no pg_dump in --pg-bin " + explicitBinDir);
      }
      return new PgTools(explicitBinDir, serverMajor);
    }
    List<Integer> installed = installedMajors(DEBIAN_ROOT);
    for (int candidate : installed) {
      if (candidate >= serverMajor) {
        return new PgTools(
            DEBIAN_ROOT.resolve(Integer.toString(candidate)).resolve("bin"), candidate);
      }
    }
    throw new PgException(
        PgException.Reason.TOOL_NOT_FOUND,
        "no PostgreSQL client tools of major version "
            + serverMajor
            + " or newer under "
            + DEBIAN_ROOT
            + " (found "
            + installed
            + "); pg_dump must be at least the server's major version; set --pg-bin");
  }

  /** The newest installed tools, for commands that do not yet know a server (the demo). */
  public static PgTools newest(Path explicitBinDir) throws PgException {
    if (explicitBinDir != null) {
      return forServer(explicitBinDir, 0);
    }
    List<Integer> installed = installedMajors(DEBIAN_ROOT);
    if (installed.isEmpty()) {
      throw new PgException(
          PgException.Reason.TOOL_NOT_FOUND, "no PostgreSQL installation under " + DEBIAN_ROOT);
    }
    int newest = installed.get(installed.size() - 1);
    return new PgTools(DEBIAN_ROOT.resolve(Integer.toString(newest)).resolve("bin"), newest);
  }

  public static Path explicitBinDir(Path option, Map<String, String> env) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get("CADANG_PG_BIN");
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
  }

  private static List<Integer> installedMajors(Path root) {
    List<Integer> majors = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return majors;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+"))
          .map(Integer::parseInt)
          .filter(m -> Files.isExecutable(root.resolve(m + "/bin/pg_dump")))
          .sorted(Comparator.naturalOrder())
          .forEach(majors::add);
    } catch (IOException e) {
      return majors;
    }
    return majors;
  }

  public Path tool(String name) {
    return binDir.resolve(name);
  }

  public Path binDir() {
    return binDir;
  }

  public int major() {
    return major;
  }

  /** e.g. "pg_dump (PostgreSQL) 15.18" */
  public String version(String toolName) throws PgException {
    ToolProcess p =
        ToolProcess.start(toolName, List.of(tool(toolName).toString(), "--version"), Map.of());
    try {
      String out = new String(p.stdout().readAllBytes()).trim();
      p.awaitSuccess();
      return out;
    } catch (IOException e) {
      throw new PgException(PgException.Reason.TOOL_FAILED, toolName + " --version failed", e);
    }
  }
}
