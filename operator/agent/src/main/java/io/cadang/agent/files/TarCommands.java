package io.cadang.agent.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The GNU tar command lines of files backups, as pure functions (docs/files.md explains the
 * choices). GNU tar does the file-system side because it already handles what a hand-written walker
 * gets wrong: hard links (one copy of the data), sparse files (holes found with SEEK_HOLE, stored
 * as a map), names of any bytes, long names (pax), large uids and sizes, and detecting files that
 * change while they are read.
 */
final class TarCommands {
  static final String TAR = "tar";

  private TarCommands() {}

  /**
   * The archive of {@code paths} under {@code root} to stdout: POSIX (pax) format, sparse 1.0 so
   * holes cost nothing, numeric owners (the names of a pod's users mean nothing elsewhere).
   */
  static List<String> create(Path root, List<String> paths, List<String> excludes) {
    List<String> cmd = new ArrayList<>(common("--create"));
    cmd.add("--sparse");
    cmd.add("--sparse-version=1.0");
    cmd.add("--directory=" + root);
    for (String e : excludes) {
      cmd.add("--exclude=" + e);
    }
    for (String p : paths) {
      // "./" keeps a path that starts with '-' from being read as an option.
      cmd.add(p.equals(".") ? "." : "./" + p);
    }
    return cmd;
  }

  /**
   * Extraction from stdin into {@code target}. Permissions are kept exactly (including
   * setuid/setgid/sticky, without the umask); owners are kept by number when tar runs as root (its
   * default then) and left to the running user otherwise.
   */
  static List<String> extract(Path target) {
    List<String> cmd = new ArrayList<>(common("--extract"));
    cmd.add("--same-permissions");
    cmd.add("--directory=" + target);
    return cmd;
  }

  private static List<String> common(String operation) {
    return List.of(
        TAR, operation, "--file=-", "--format=posix", "--numeric-owner", "--quoting-style=escape");
  }
}
