package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an image means on this node, which has no container runtime: the Cadang image (any image
 * whose repository's last path segment ends in {@code cadang}, e.g. {@code
 * ghcr.io/cadang/cadang:0.1.0}) runs the locally built jar; extra mappings name an image and the
 * ENTRYPOINT it stands for (e.g. {@code e2e/sh} → {@code sh -c}). Every other image is refused.
 */
final class ImageMappings {
  /** The launcher the Dockerfile installs, named in ENTRYPOINT and in the chart's command. */
  static final String CADANG = "cadang";

  static final String JAVA_OPTS = "CADANG_JAVA_OPTS";

  private final List<String> cadangLauncher;
  private final Map<String, List<String>> extra;

  /**
   * @param cadangJar the shaded jar, operator/app/target/cadang.jar
   * @param extra image reference (exact, as written in pod specs) → ENTRYPOINT argv
   */
  ImageMappings(Path cadangJar, Map<String, List<String>> extra) {
    // Fast JVM start-up matters more than peak speed: Jobs are short and the machine is small.
    this.cadangLauncher =
        List.of(
            javaBinary(),
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            cadangJar.toAbsolutePath().toString());
    this.extra = new LinkedHashMap<>(extra);
  }

  /** The image as this node runs it, or empty when it cannot run it. */
  Optional<ImageSpec> find(String image) {
    if (image == null) {
      return Optional.empty();
    }
    if (extra.containsKey(image)) {
      return Optional.of(new ImageSpec(extra.get(image), List.of(), Map.of(), "/", Map.of()));
    }
    if (repositoryName(image).endsWith(CADANG)) {
      // The Dockerfile's ENTRYPOINT/CMD/ENV/WORKDIR; its launcher runs the jar.
      return Optional.of(
          new ImageSpec(
              List.of(CADANG),
              List.of("--help"),
              Map.of("HOME", "/tmp", "LANG", "C.UTF-8"),
              "/tmp",
              Map.of(CADANG, cadangLauncher, "/usr/local/bin/" + CADANG, cadangLauncher)));
    }
    return Optional.empty();
  }

  /** The last path segment of the repository, without registry, tag or digest. */
  static String repositoryName(String image) {
    String ref = image;
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) {
      ref = ref.substring(0, colon);
    }
    return ref.substring(slash + 1);
  }

  /**
   * The argv a container runs, with Kubernetes' rules: {@code command} replaces the ENTRYPOINT,
   * {@code args} replace the CMD (and a {@code command} without {@code args} drops the CMD); {@code
   * $(VAR)} expands from the container's environment; a program the image provides as a launcher is
   * replaced by what it runs. Other programs run from the machine's PATH.
   */
  static List<String> argv(ImageSpec image, Container container, Map<String, String> env)
      throws ContainerConfigException {
    List<String> command = container.getCommand();
    List<String> args = container.getArgs();
    boolean hasCommand = command != null && !command.isEmpty();
    boolean hasArgs = args != null && !args.isEmpty();
    List<String> raw = new ArrayList<>(hasCommand ? command : image.entrypoint());
    if (hasArgs) {
      raw.addAll(args);
    } else if (!hasCommand) {
      raw.addAll(image.cmd());
    }
    if (raw.isEmpty()) {
      throw new ContainerConfigException("container " + container.getName() + " has no command");
    }
    List<String> argv = new ArrayList<>();
    List<String> launcher = image.programs().get(raw.get(0));
    if (launcher != null) {
      argv.addAll(launcher);
      // The image's launcher passes $CADANG_JAVA_OPTS (the chart sets it) to the JVM, word-split.
      String opts = env.getOrDefault(JAVA_OPTS, image.env().get(JAVA_OPTS));
      if (opts != null && !opts.isBlank()) {
        argv.addAll(1, List.of(opts.trim().split("\\s+")));
      }
    } else {
      argv.add(VarExpansion.expand(raw.get(0), env::get));
    }
    for (String arg : raw.subList(1, raw.size())) {
      argv.add(VarExpansion.expand(arg, env::get));
    }
    return argv;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * An image as this node knows it.
   *
   * @param programs program names (argv[0]) the image provides as launchers → the argv they run
   */
  record ImageSpec(
      List<String> entrypoint,
      List<String> cmd,
      Map<String, String> env,
      String workingDir,
      Map<String, List<String>> programs) {}
}
