package io.cadang.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The real control plane of {@code e2e/bin/control-plane.sh} (etcd, kube-apiserver,
 * kube-controller-manager on loopback), started into a directory and stopped by the PIDs the script
 * recorded.
 */
public final class ControlPlane implements AutoCloseable {
  private final Path script;
  private final Path dir;
  private final Properties ports;

  private ControlPlane(Path script, Path dir, Properties ports) {
    this.script = script;
    this.dir = dir;
    this.ports = ports;
  }

  /** The checkout this test runs in: the nearest directory above with helm/cadang/Chart.yaml. */
  public static Path repository() {
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !Files.exists(d.resolve("helm/cadang/Chart.yaml"))) {
      d = d.getParent();
    }
    if (d == null) {
      throw new IllegalStateException(
          "helm/cadang/Chart.yaml not found above " + Path.of("").toAbsolutePath());
    }
    return d;
  }

  public static ControlPlane start(Path dir) throws IOException, InterruptedException {
    Path script = repository().resolve("e2e/bin/control-plane.sh");
    Files.createDirectories(dir);
    Processes.run(
        List.of("bash", script.toString(), "start", dir.toString()), dir.resolve("start.log"));
    Properties ports = new Properties();
    try (var in = Files.newBufferedReader(dir.resolve("ports.env"), StandardCharsets.UTF_8)) {
      ports.load(in);
    }
    return new ControlPlane(script, dir, ports);
  }

  public Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  Path caCertificate() {
    return dir.resolve("pki/ca.crt");
  }

  int apiserverPort() {
    return Integer.parseInt(ports.getProperty("APISERVER_PORT"));
  }

  String apiserverUrl() {
    return "https://127.0.0.1:" + apiserverPort();
  }

  /** Directory of the pinned binaries (etcd, kube-apiserver, ..., vault). */
  Path binaries() {
    return Path.of(ports.getProperty("BIN"));
  }

  KubernetesClient admin() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  /** A client that acts as {@code user} in {@code groups}, through the API's impersonation. */
  KubernetesClient as(String user, String... groups) {
    Config config = adminConfig();
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private Config adminConfig() {
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + kubeconfig() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Processes.run(
        List.of("bash", script.toString(), "stop", dir.toString()), dir.resolve("stop.log"));
  }
}
