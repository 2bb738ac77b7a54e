package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageMappingsTest {
  private final ImageMappings images =
      new ImageMappings(Path.of("/repo/cadang.jar"), Map.of("e2e/sh", List.of("sh", "-c")));

  private List<String> argv(String image, List<String> command, List<String> args)
      throws Exception {
    Container c =
        new ContainerBuilder()
            .withName("c")
            .withImage(image)
            .withCommand(command)
            .withArgs(args)
            .build();
    return ImageMappings.argv(images.find(image).orElseThrow(), c, Map.of("PGUSER", "alice"));
  }

  private static List<String> java(String... rest) {
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                "/repo/cadang.jar"));
    argv.addAll(List.of(rest));
    return argv;
  }

  @Test
  void cadangImageOfAnyRegistryAndTagRunsTheJar() throws Exception {
    assertEquals(
        java("backup", "--user=alice"),
        argv(
            "ghcr.io/cadang/cadang:0.1.0",
            List.of("cadang"),
            List.of("backup", "--user=$(PGUSER)")));
    assertEquals(
        java("operator"), argv("localhost:5000/team/cadang@sha256:abc", null, List.of("operator")));
  }

  @Test
  void javaOptionsOfTheEnvironmentReachTheJvmLikeTheImageLauncher() throws Exception {
    Container c =
        new ContainerBuilder().withName("c").withImage("cadang").withArgs("operator").build();
    List<String> argv =
        ImageMappings.argv(
            images.find("cadang").orElseThrow(),
            c,
            Map.of("CADANG_JAVA_OPTS", " -Xmx256m  -XX:+ExitOnOutOfMemoryError "));
    assertEquals(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), argv.subList(1, 3));
    assertEquals("operator", argv.get(argv.size() - 1));
  }

  @Test
  void imageDefaultsApplyWithoutCommandOrArgs() throws Exception {
    assertEquals(java("--help"), argv("cadang", null, null));
    var spec = images.find("cadang:dev").orElseThrow();
    assertEquals("/tmp", spec.workingDir());
    assertEquals("/tmp", spec.env().get("HOME"));
  }

  @Test
  void commandWithoutArgsDropsTheImageCmd() throws Exception {
    assertEquals(java(), argv("ghcr.io/cadang/cadang", List.of("cadang"), null));
  }

  @Test
  void otherProgramsOfTheImageRunFromThePath() throws Exception {
    assertEquals(
        List.of("pg_dump", "-U", "alice"),
        argv("ghcr.io/cadang/cadang:1", List.of("pg_dump", "-U", "$(PGUSER)"), null));
  }

  @Test
  void extraMappingIsTheEntrypointAndCommandReplacesIt() throws Exception {
    assertEquals(
        List.of("sh", "-c", "echo alice"), argv("e2e/sh", null, List.of("echo $(PGUSER)")));
    assertEquals(List.of("env"), argv("e2e/sh", List.of("env"), null));
  }

  @Test
  void otherImagesAreNotRun() {
    assertTrue(images.find("nginx:1.27").isEmpty());
    assertTrue(images.find("ghcr.io/cadang/operator-tools:1").isEmpty());
    assertTrue(
        images.find("cadang/other:1").isEmpty(), "only the repository's last segment counts");
  }

  @Test
  void repositoryNameDropsRegistryTagAndDigest() {
    assertEquals("cadang", ImageMappings.repositoryName("registry:5000/a/cadang:1.0@sha256:ff"));
    assertEquals("cadang", ImageMappings.repositoryName("cadang"));
  }
}
