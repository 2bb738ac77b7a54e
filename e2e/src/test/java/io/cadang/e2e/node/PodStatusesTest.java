package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodStatusesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Pod pod(String restartPolicy, int init, int containers) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy(restartPolicy)
            .endSpec();
    for (int i = 0; i < init; i++) {
      b.editSpec().addNewInitContainer().withName("i" + i).endInitContainer().endSpec();
    }
    for (int i = 0; i < containers; i++) {
      b.editSpec().addNewContainer().withName("c" + i).endContainer().endSpec();
    }
    return b.build();
  }

  private static ContainerSlot slot(String name) {
    return new ContainerSlot(
        new io.fabric8.kubernetes.api.model.ContainerBuilder()
            .withName(name)
            .withImage("img")
            .build());
  }

  private static ContainerStatus exited(String name, int code) {
    ContainerSlot s = slot(name);
    s.terminated(code, code == 0 ? null : "boom", T0);
    return s.status();
  }

  private static ContainerStatus running(String name, boolean ready) {
    ContainerSlot s = slot(name);
    s.running(null, T0);
    s.ready = ready;
    return s.status();
  }

  private static ContainerStatus waiting(String name) {
    return slot(name).status();
  }

  private static String condition(PodStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(PodCondition::getStatus)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void jobPodSucceedsWhenEveryContainerExitedZero() {
    PodStatus s =
        PodStatuses.build(pod("Never", 0, 1), List.of(), List.of(exited("c0", 0)), null, T0, T0);
    assertEquals("Succeeded", s.getPhase());
    assertEquals("False", condition(s, "Ready"));
    assertEquals("PodCompleted", s.getConditions().get(3).getReason());
    assertEquals("127.0.0.1", s.getPodIP());
  }

  @Test
  void neverRestartedPodFailsOnANonZeroExitOnFailureKeepsRunning() {
    assertEquals(
        "Failed",
        PodStatuses.phase(
            pod("Never", 0, 2), List.of(), List.of(exited("c0", 0), exited("c1", 3))));
    assertEquals(
        "Running", PodStatuses.phase(pod("OnFailure", 0, 1), List.of(), List.of(exited("c0", 3))));
    assertEquals(
        "Running", PodStatuses.phase(pod("Always", 0, 1), List.of(), List.of(exited("c0", 0))));
  }

  @Test
  void pendingUntilInitContainersFinishedAndContainersStarted() {
    Pod pod = pod("Never", 1, 1);
    assertEquals("Pending", PodStatuses.phase(pod, List.of(waiting("i0")), List.of(waiting("c0"))));
    assertEquals(
        "Pending", PodStatuses.phase(pod, List.of(exited("i0", 0)), List.of(waiting("c0"))));
    assertEquals(
        "Running", PodStatuses.phase(pod, List.of(exited("i0", 0)), List.of(running("c0", false))));
  }

  @Test
  void failedInitContainerFailsANeverRestartedPod() {
    PodStatus s =
        PodStatuses.build(
            pod("Never", 1, 1), List.of(exited("i0", 1)), List.of(waiting("c0")), null, T0, T0);
    assertEquals("Failed", s.getPhase());
    assertEquals("False", condition(s, "Initialized"));
  }

  @Test
  void readyOnlyWhenEveryContainerIsReady() {
    Pod pod = pod("Always", 0, 2);
    PodStatus notReady =
        PodStatuses.build(
            pod, List.of(), List.of(running("c0", true), running("c1", false)), null, T0, T0);
    assertEquals("False", condition(notReady, "ContainersReady"));
    PodStatus ready =
        PodStatuses.build(
            pod, List.of(), List.of(running("c0", true), running("c1", true)), null, T0, T0);
    assertEquals("True", condition(ready, "Ready"));
    assertEquals("True", condition(ready, "Initialized"));
  }

  @Test
  void podFailureOverridesAndCarriesReason() {
    PodStatus s =
        PodStatuses.build(
            pod("Always", 0, 1),
            List.of(),
            List.of(waiting("c0")),
            new PodStatuses.PodFailure("UnsupportedImage", "image nginx"),
            T0,
            T0);
    assertEquals("Failed", s.getPhase());
    assertEquals("UnsupportedImage", s.getReason());
  }

  @Test
  void transitionTimeChangesOnlyWhenTheConditionFlips() {
    Pod pod = pod("Always", 0, 1);
    pod.setStatus(PodStatuses.build(pod, List.of(), List.of(running("c0", true)), null, T0, T0));
    Instant later = T0.plusSeconds(60);
    PodStatus same =
        PodStatuses.build(pod, List.of(), List.of(running("c0", true)), null, T0, later);
    assertEquals(T0.toString(), same.getConditions().get(3).getLastTransitionTime());
    PodStatus flipped =
        PodStatuses.build(pod, List.of(), List.of(running("c0", false)), null, T0, later);
    assertEquals(later.toString(), flipped.getConditions().get(3).getLastTransitionTime());
  }

  @Test
  void restartedContainerKeepsItsLastTerminationAndCount() {
    ContainerSlot s = slot("c0");
    s.terminated(1, "boom", T0);
    s.restartAt(T0.plusSeconds(10), "CrashLoopBackOff");
    ContainerStatus st = s.status();
    assertEquals(1, st.getRestartCount());
    assertEquals(1, st.getLastState().getTerminated().getExitCode());
    assertEquals("CrashLoopBackOff", st.getState().getWaiting().getReason());
    assertNull(st.getState().getTerminated());
    assertEquals("Running", PodStatuses.phase(pod("Always", 0, 1), List.of(), List.of(st)));
  }
}
