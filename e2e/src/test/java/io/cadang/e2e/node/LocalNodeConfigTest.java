package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalNodeConfigTest {
  @Test
  void optionsOfTheMainProgram() {
    LocalNodeConfig c =
        LocalNodeConfig.parse(
            new String[] {
              "--kubeconfig",
              "/k",
              "--root",
              "/r",
              "--repo",
              "/src",
              "--image",
              "e2e/sh=sh,-c",
              "--node-name",
              "n1"
            });
    assertEquals(Path.of("/k"), c.kubeconfig());
    assertEquals(Path.of("/r"), c.root());
    assertEquals(Path.of("/src/operator/app/target/cadang.jar"), c.cadangJar());
    assertEquals(Map.of("e2e/sh", List.of("sh", "-c")), c.extraImages());
    assertEquals("n1", c.nodeName());
  }

  @Test
  void defaultsAreTheStandardNodeName() {
    LocalNodeConfig c =
        LocalNodeConfig.parse(
            new String[] {"--kubeconfig", "/k", "--root", "/r", "--jar", "/x/cadang.jar"});
    assertEquals("cadang-local-node", c.nodeName());
    assertEquals(Path.of("/x/cadang.jar"), c.cadangJar());
  }

  @Test
  void badOptionsAreNamedInOneLine() {
    assertEquals(
        "--kubeconfig and --root are required",
        assertThrows(
                IllegalArgumentException.class,
                () -> LocalNodeConfig.parse(new String[] {"--root", "/r"}))
            .getMessage());
    assertEquals(
        "--image must be IMAGE=ARG[,ARG...], e.g. e2e/sh=sh,-c; got busybox",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    LocalNodeConfig.parse(
                        new String[] {"--kubeconfig", "/k", "--root", "/r", "--image", "busybox"}))
            .getMessage());
    assertEquals(
        "unknown option --port",
        assertThrows(
                IllegalArgumentException.class,
                () -> LocalNodeConfig.parse(new String[] {"--port", "1"}))
            .getMessage());
  }

  @Test
  void gracePeriodIsTheDeletionsElseThePodsElseThirtySeconds() {
    var pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withDeletionGracePeriodSeconds(7L)
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(3L)
            .endSpec()
            .build();
    assertEquals(7, LocalNode.gracePeriod(pod).toSeconds());
    pod.getMetadata().setDeletionGracePeriodSeconds(null);
    assertEquals(3, LocalNode.gracePeriod(pod).toSeconds());
    pod.getSpec().setTerminationGracePeriodSeconds(null);
    assertEquals(30, LocalNode.gracePeriod(pod).toSeconds());
  }
}
