package io.cadang.agent.physical;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How to start this very cadang again as another process: the running JVM's java binary, its
 * classpath and a main class. PostgreSQL runs restore_command as its own OS user; when that user
 * cannot read part of our classpath (running as root from a private home directory), those entries
 * are staged into a directory it can read — hard links where possible, copies otherwise.
 */
public final class Launcher {
  private static final List<String> JVM_FLAGS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  private Launcher() {}

  /**
   * @param mainClass the CLI's main class
   * @param stagingDir where unreadable classpath entries go, or null when the server runs as us
   * @param tmpDir the new JVM's java.io.tmpdir, a directory its user can write: native codecs
   *     (zstd) unpack their library there, and a pod's /tmp may belong to another user
   */
  public static List<String> current(String mainClass, Path stagingDir, Path tmpDir)
      throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> entries = new ArrayList<>();
    int index = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath();
      if (stagingDir != null && !readableByOthers(path)) {
        path = stage(path, stagingDir.resolve(index++ + "-" + path.getFileName()));
      }
      entries.add(path.toString());
    }
    List<String> launcher = new ArrayList<>();
    launcher.add(java);
    launcher.addAll(JVM_FLAGS);
    launcher.add("-Djava.io.tmpdir=" + tmpDir.toAbsolutePath());
    launcher.add("-cp");
    launcher.add(String.join(File.pathSeparator, entries));
    launcher.add(mainClass);
    return launcher;
  }

  /** True when every directory on the way is searchable and the entry readable by others. */
  static boolean readableByOthers(Path path) throws IOException {
    if (!Files.exists(path)) {
      return true; // a missing entry is harmless to the JVM either way
    }
    for (Path p = path.getParent(); p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    Set<PosixFilePermission> own = Files.getPosixFilePermissions(path);
    return own.contains(PosixFilePermission.OTHERS_READ)
        && (!Files.isDirectory(path) || own.contains(PosixFilePermission.OTHERS_EXECUTE));
  }

  private static Path stage(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    if (Files.isDirectory(source)) {
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path dest = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(dest);
          } else {
            Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return target;
    }
    boolean linked = false;
    if (Files.getPosixFilePermissions(source).contains(PosixFilePermission.OTHERS_READ)) {
      try {
        Files.createLink(target, source);
        linked = true;
      } catch (IOException | UnsupportedOperationException e) {
        // Another file system: copy instead.
      }
    }
    if (!linked) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
