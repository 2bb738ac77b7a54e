package io.cadang.e2e.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local control plane of e2e/bin/control-plane.sh (etcd, kube-apiserver, kube-controller-
 * manager on 127.0.0.1), started into a directory and stopped by the script, which stops every
 * process by its PID. {@code CADANG_E2E_CONTROL_PLANE} points at another copy of the script.
 */
final class ControlPlane implements AutoCloseable {
  private final Path script;
  private final Path dir;
  private final Path kubeconfig;

  private ControlPlane(Path script, Path dir, Path kubeconfig) {
    this.script = script;
    this.dir = dir;
    this.kubeconfig = kubeconfig;
  }

  /** The repository: the parent of this module's directory (surefire runs in the module). */
  static Path repository() {
    Path module = Path.of("").toAbsolutePath();
    return module.getFileName().toString().equals("e2e") ? module.getParent() : module;
  }

  static ControlPlane start(Path dir) throws IOException, InterruptedException {
    String override = System.getenv("CADANG_E2E_CONTROL_PLANE");
    Path script =
        override != null && !override.isEmpty()
            ? Path.of(override)
            : repository().resolve("e2e/bin/control-plane.sh");
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(
          "no control-plane script at " + script + " (set CADANG_E2E_CONTROL_PLANE)");
    }
    String out = run(script, "start", dir, 600);
    List<String> lines = out.lines().toList();
    Path kubeconfig = Path.of(lines.get(lines.size() - 1).trim());
    return new ControlPlane(script, dir, kubeconfig);
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(script, "stop", dir, 120);
  }

  private static String run(Path script, String command, Path dir, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("control-plane-" + command, ".log");
    Process p =
        new ProcessBuilder(script.toString(), command, dir.toString())
            .redirectError(log.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "control-plane.sh " + command + " failed: " + Files.readString(log) + out);
    }
    return out;
  }
}
