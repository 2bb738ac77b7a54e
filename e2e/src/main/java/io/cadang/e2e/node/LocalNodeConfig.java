package io.cadang.e2e.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link LocalNode} runs.
 *
 * @param kubeconfig admin kubeconfig of the API server (the node acts as kubelet and scheduler)
 * @param root directory for pod volumes, claims ({@code pvc/<ns>/<claim>}) and logs
 * @param cadangJar the jar the Cadang image's {@code cadang} launcher runs
 * @param extraImages image reference → the ENTRYPOINT it stands for (e.g. {@code sh -c})
 * @param nodeName name of the Node object
 * @param heartbeat how often the Ready condition and the Lease are renewed
 * @param restartBackoff first delay before a container is restarted (doubling, up to 5 min)
 * @param shutdownGrace how long close() waits after SIGTERM before SIGKILL
 */
public record LocalNodeConfig(
    Path kubeconfig,
    Path root,
    Path cadangJar,
    Map<String, List<String>> extraImages,
    String nodeName,
    Duration heartbeat,
    Duration restartBackoff,
    Duration shutdownGrace) {
  public static final String DEFAULT_NODE_NAME = "cadang-local-node";

  public LocalNodeConfig {
    extraImages = Map.copyOf(extraImages);
  }

  /** Defaults: the repository's jar, the standard node name, 10 s heartbeats and back-off. */
  public static LocalNodeConfig of(Path kubeconfig, Path root, Path repository) {
    return new LocalNodeConfig(
        kubeconfig,
        root,
        repository.resolve("operator/app/target/cadang.jar"),
        Map.of(),
        DEFAULT_NODE_NAME,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5));
  }

  public LocalNodeConfig withImage(String image, List<String> entrypoint) {
    Map<String, List<String>> images = new LinkedHashMap<>(extraImages);
    images.put(image, List.copyOf(entrypoint));
    return new LocalNodeConfig(
        kubeconfig, root, cadangJar, images, nodeName, heartbeat, restartBackoff, shutdownGrace);
  }

  public LocalNodeConfig withCadangJar(Path jar) {
    return new LocalNodeConfig(
        kubeconfig, root, jar, extraImages, nodeName, heartbeat, restartBackoff, shutdownGrace);
  }

  public LocalNodeConfig withRestartBackoff(Duration backoff) {
    return new LocalNodeConfig(
        kubeconfig, root, cadangJar, extraImages, nodeName, heartbeat, backoff, shutdownGrace);
  }

  /**
   * {@code --kubeconfig FILE --root DIR [--jar FILE] [--repo DIR] [--node-name NAME] [--image
   * IMAGE=ARG,ARG...]...}; the repository defaults to the working directory.
   */
  static LocalNodeConfig parse(String[] args) {
    Path kubeconfig = null;
    Path root = null;
    Path jar = null;
    Path repo = Path.of("").toAbsolutePath();
    String nodeName = DEFAULT_NODE_NAME;
    List<String[]> images = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--kubeconfig" -> kubeconfig = Path.of(value);
        case "--root" -> root = Path.of(value);
        case "--jar" -> jar = Path.of(value);
        case "--repo" -> repo = Path.of(value);
        case "--node-name" -> nodeName = value;
        case "--image" -> {
          int eq = value.indexOf('=');
          if (eq <= 0 || eq == value.length() - 1) {
            throw new IllegalArgumentException(
                "--image must be IMAGE=ARG[,ARG...], e.g. e2e/sh=sh,-c; got " + value);
          }
          images.add(new String[] {value.substring(0, eq), value.substring(eq + 1)});
        }
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (kubeconfig == null || root == null) {
      throw new IllegalArgumentException("--kubeconfig and --root are required");
    }
    LocalNodeConfig config = of(kubeconfig, root, repo);
    if (jar != null) {
      config = config.withCadangJar(jar);
    }
    for (String[] image : images) {
      config = config.withImage(image[0], Arrays.asList(image[1].split(",")));
    }
    return new LocalNodeConfig(
        config.kubeconfig,
        config.root,
        config.cadangJar,
        config.extraImages,
        nodeName,
        config.heartbeat,
        config.restartBackoff,
        config.shutdownGrace);
  }
}
