package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumePlanTest {
  private static final NodeDirs DIRS = new NodeDirs(Path.of("/node"));

  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("ns")
        .withUid("u1")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("agent")
        .withTerminationMessagePath("/dev/result")
        .addNewVolumeMount()
        .withName("api")
        .withMountPath("/var/run/secrets/x")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/var/lib/data")
        .withSubPath("pg")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/work")
        .withSubPathExpr("$(POD)")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("api")
        .withNewProjected()
        .endProjected()
        .endVolume()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim()
        .withClaimName("db-data")
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .build();
  }

  @Test
  void mountsMapVolumesToPodAndClaimDirectoriesParentsFirst() throws Exception {
    Pod pod = pod();
    Container c = pod.getSpec().getContainers().get(0);

    List<VolumePlan.Mount> mounts = VolumePlan.mounts(pod, c, DIRS, Map.of("POD", "p"));

    assertEquals(
        List.of(
            new VolumePlan.Mount(Path.of("/node/pods/u1/volumes/tmp"), "/tmp", false, false),
            new VolumePlan.Mount(Path.of("/node/pods/u1/volumes/tmp/p"), "/work", false, false),
            new VolumePlan.Mount(
                Path.of("/node/pods/u1/containers/agent/termination-log"),
                "/dev/result",
                false,
                true),
            new VolumePlan.Mount(Path.of("/node/pvc/ns/db-data/pg"), "/var/lib/data", true, false),
            new VolumePlan.Mount(
                Path.of("/node/pods/u1/volumes/api"), "/var/run/secrets/x", true, false)),
        mounts);
  }

  @Test
  void terminationLogDefaultsToDevTerminationLog() throws Exception {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("ns")
            .withUid("u1")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .endContainer()
            .endSpec()
            .build();
    assertEquals(
        "/dev/termination-log",
        VolumePlan.mounts(pod, pod.getSpec().getContainers().get(0), DIRS, Map.of())
            .get(0)
            .target());
  }

  @Test
  void subPathLeavingTheVolumeAndUnknownVolumesAreRefused() {
    Pod escaping = pod();
    escaping.getSpec().getContainers().get(0).getVolumeMounts().get(2).setSubPath("../../etc");
    assertThrows(
        ContainerConfigException.class,
        () ->
            VolumePlan.mounts(
                escaping, escaping.getSpec().getContainers().get(0), DIRS, Map.of("POD", "p")));
    Pod missing = pod();
    missing.getSpec().getContainers().get(0).getVolumeMounts().get(0).setName("nope");
    ContainerConfigException e =
        assertThrows(
            ContainerConfigException.class,
            () ->
                VolumePlan.mounts(
                    missing, missing.getSpec().getContainers().get(0), DIRS, Map.of("POD", "p")));
    assertEquals("volumeMount nope names no volume of the pod", e.getMessage());
  }
}
