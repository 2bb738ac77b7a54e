package io.cadang.e2e.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one container as a local process group in a private mount namespace: {@code setsid} makes
 * the process the leader of a new session and group (so a signal reaches everything it started),
 * {@code unshare --mount --propagation private} gives it mounts nobody else sees, and a small shell
 * script bind-mounts the volumes onto their mountPaths before exec-ing the program. setsid and
 * unshare exec in place, so the PID Java sees is the container's process.
 *
 * <p>Mount points that do not exist on the machine (e.g. {@code /scratch}, {@code
 * /var/run/secrets/kubernetes.io/serviceaccount}, {@code /dev/termination-log}) are created empty
 * on the host, because a bind mount needs a target; they stay empty outside the namespaces.
 */
final class ContainerLauncher {
  private ContainerLauncher() {}

  /**
   * Mounts whose target hides the source of another mount (e.g. an emptyDir at /tmp while the
   * node's directory lives under /tmp) go last, so every source is bound while still reachable.
   */
  static List<VolumePlan.Mount> shadowingLast(List<VolumePlan.Mount> mounts) {
    List<VolumePlan.Mount> first = new java.util.ArrayList<>();
    List<VolumePlan.Mount> last = new java.util.ArrayList<>();
    for (VolumePlan.Mount m : mounts) {
      java.nio.file.Path target = java.nio.file.Path.of(m.target());
      boolean hidesASource =
          mounts.stream().anyMatch(o -> o != m && o.source().toAbsolutePath().startsWith(target));
      (hidesASource ? last : first).add(m);
    }
    first.addAll(last);
    return first;
  }

  /** The argv that runs {@code program} with {@code mounts} in place, in {@code workingDir}. */
  static List<String> command(
      List<VolumePlan.Mount> mounts, String workingDir, List<String> program) {
    StringBuilder script = new StringBuilder("set -e\n");
    for (VolumePlan.Mount m : shadowingLast(mounts)) {
      String target = quote(m.target());
      String source = quote(m.source().toString());
      // A file (the termination log, a subPath into a Secret) is mounted onto a file, else onto a
      // directory. The termination log is known to be a file; a subPath is whatever it points at.
      String fileTarget =
          "[ -e "
              + target
              + " ] || { mkdir -p \"$(dirname "
              + target
              + ")\"; : > "
              + target
              + "; }";
      if (m.file()) {
        script.append(fileTarget).append('\n');
      } else {
        script
            .append("if [ -f ")
            .append(source)
            .append(" ]; then ")
            .append(fileTarget)
            .append("; else mkdir -p ")
            .append(source)
            .append(' ')
            .append(target)
            .append("; fi\n");
      }
      script.append("mount --bind ").append(source).append(' ').append(target).append('\n');
      if (m.readOnly()) {
        script.append("mount -o remount,bind,ro ").append(target).append('\n');
      }
    }
    script.append("mkdir -p ").append(quote(workingDir)).append('\n');
    script.append("cd ").append(quote(workingDir)).append('\n');
    script.append("exec \"$@\"\n");
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of(
            "setsid",
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
            script.toString(),
            "sh"));
    argv.addAll(program);
    return argv;
  }

  /**
   * Starts it with exactly {@code env} (nothing of this JVM's environment leaks in except PATH when
   * the container sets none), stdout and stderr appended to {@code log}.
   */
  static Process start(List<String> argv, Map<String, String> env, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.directory(new File("/"));
    return pb.start();
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
