package io.cadang.agent.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds and compares trees on disk with the shell, not Java: Java cannot name a file whose name is
 * not valid UTF-8, and the comparison must not share code with what it checks. Tests run as root,
 * so ownership can be set to other ids.
 */
final class FileTrees {
  private FileTrees() {}

  /** Runs a bash script in {@code dir}; returns stdout as raw bytes, fails on a non-zero exit. */
  static byte[] sh(Path dir, String script) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-euo", "pipefail", "-c", script));
    pb.directory(dir.toFile());
    pb.environment().put("LC_ALL", "C");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("script failed (exit " + p.exitValue() + "): " + script);
    }
    return out;
  }

  static String text(Path dir, String script) throws IOException, InterruptedException {
    return new String(sh(dir, script), StandardCharsets.ISO_8859_1);
  }

  /**
   * A tree with everything that tends to break: spaces, a newline, bytes that are not UTF-8, a path
   * over 100 bytes (beyond ustar's name field), unicode, odd modes (sticky, setgid dir, 0000),
   * other owners, symlinks (one dangling, one with a non-UTF-8 target), hard links, empty
   * directories.
   */
  static void awkward(Path root) throws IOException, InterruptedException {
    sh(
        root,
        String.join(
            "\n",
            "mkdir -p 'with space/empty dir' deep unicode",
            "echo 'hello world' > 'with space/a file.txt'",
            "printf 'line\\n' > \"$(printf 'new\\nline')\"",
            "printf 'latin1' > \"$(printf 'caf\\xe9-\\xff\\xfe.bin')\"",
            "mkdir \"$(printf 'dir\\xe9')\" && echo inner > \"$(printf 'dir\\xe9')/inner\"",
            "L=deep/$(printf 'a%.0s' {1..60})/$(printf 'b%.0s' {1..60}); mkdir -p \"$L\"",
            "echo long > \"$L/$(printf 'c%.0s' {1..90}).txt\"",
            "echo 日本語 > 'unicode/日本語 ñ é.txt'",
            "head -c 300000 /dev/urandom > random.bin",
            "echo odd > odd && chmod 0704 odd",
            "echo none > none && chmod 0000 none",
            "mkdir sticky && chmod 1777 sticky",
            "mkdir setgid && chmod 2750 setgid",
            "echo owned > owned && chown 1234:5678 owned",
            "mkdir owneddir && chown 4321:8765 owneddir && chmod 0750 owneddir",
            "ln -s 'with space/a file.txt' link",
            "ln -s /nonexistent/target dangling",
            "ln -s \"$(printf 'tgt\\xff')\" badlink",
            "echo shared > hard1 && ln hard1 'with space/hard2' && ln hard1 hard3",
            "mkfifo fifo",
            "mkdir -p empty1/empty2",
            "touch -d '2001-02-03 04:05:06' random.bin"));
  }

  /**
   * One line per entry, sorted by name: name (escaped), type, mode, uid, gid, size (files), link
   * target (symlinks), mtime (not for symlinks and directories, whose times tar may touch), link
   * count, then the SHA-256 of regular files.
   */
  static String describe(Path root) throws IOException, InterruptedException {
    return text(
        root,
        "find . -mindepth 1 -print0 | sort -z | while IFS= read -r -d '' f; do"
            + " t=$(stat -c %F \"$f\");"
            + " line=$(stat -c '%a %u %g %h' \"$f\");"
            + " case \"$t\" in"
            + "  'regular file'|'regular empty file') line=\"$line $(stat -c '%s %Y' \"$f\")"
            + " $(sha256sum < \"$f\" | cut -c1-64)\";;"
            + "  'symbolic link') line=\"$line -> $(readlink \"$f\" | od -An -c | tr -s ' ')\";;"
            + " esac;"
            + " printf '%s|%s|%s\\n' \"$(printf %s \"$f\" | od -An -c | tr -s ' \\n' ' ')\""
            + " \"$t\" \"$line\";"
            + " done");
  }
}
