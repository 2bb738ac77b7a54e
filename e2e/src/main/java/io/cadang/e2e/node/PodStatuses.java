package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's status as a kubelet reports it, from the states of its containers: phase, the standard
 * conditions and the IPs. Pure, so each rule can be tested without processes or an API server.
 * {@code lastTransitionTime} of a condition changes only when its status flips.
 */
final class PodStatuses {
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";
  static final String RUNNING = "Running";
  static final String PENDING = "Pending";

  private PodStatuses() {}

  /**
   * A reason the whole pod failed before or outside its containers (e.g. an image this node cannot
   * run).
   */
  record PodFailure(String reason, String message) {}

  static PodStatus build(
      Pod pod,
      List<ContainerStatus> init,
      List<ContainerStatus> containers,
      PodFailure failure,
      Instant startTime,
      Instant now) {
    String phase = failure != null ? FAILED : phase(pod, init, containers);
    boolean initialized = initialized(pod, init);
    boolean terminal = phase.equals(SUCCEEDED) || phase.equals(FAILED);
    boolean ready =
        !terminal
            && !containers.isEmpty()
            && containers.size() == pod.getSpec().getContainers().size()
            && containers.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
    String notReadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
    PodStatus previous = pod.getStatus();
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(condition(previous, "PodScheduled", true, null, now));
    conditions.add(
        condition(
            previous,
            "Initialized",
            initialized,
            initialized ? null : "ContainersNotInitialized",
            now));
    conditions.add(
        condition(previous, "ContainersReady", ready, ready ? null : notReadyReason, now));
    conditions.add(condition(previous, "Ready", ready, ready ? null : notReadyReason, now));
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withConditions(conditions)
            .withHostIP(FieldPaths.POD_IP)
            .withHostIPs(new HostIP(FieldPaths.POD_IP))
            .withPodIP(FieldPaths.POD_IP)
            .withPodIPs(new PodIP(FieldPaths.POD_IP))
            .withStartTime(startTime == null ? null : startTime.toString())
            .withQosClass(previous == null ? null : previous.getQosClass())
            .withInitContainerStatuses(init)
            .withContainerStatuses(containers);
    if (failure != null) {
      status.withReason(failure.reason()).withMessage(failure.message());
    }
    return status.build();
  }

  /**
   * The kubelet's phase rules: Pending until init containers finished and every container has
   * started once; Succeeded when all containers exited 0 and the pod does not restart them; Failed
   * when a container exited non-zero and restartPolicy is Never (an init container's failure fails
   * the pod the same way); else Running.
   */
  static String phase(Pod pod, List<ContainerStatus> init, List<ContainerStatus> containers) {
    String policy = restartPolicy(pod);
    for (ContainerStatus s : init) {
      if (exitCode(s) != null && exitCode(s) != 0 && policy.equals("Never")) {
        return FAILED;
      }
    }
    if (!initialized(pod, init)
        || containers.size() < pod.getSpec().getContainers().size()
        || containers.stream().anyMatch(PodStatuses::neverStarted)) {
      return PENDING;
    }
    boolean allTerminated = containers.stream().allMatch(s -> exitCode(s) != null);
    if (!allTerminated || policy.equals("Always")) {
      return RUNNING;
    }
    if (containers.stream().allMatch(s -> exitCode(s) == 0)) {
      return SUCCEEDED;
    }
    return policy.equals("Never") ? FAILED : RUNNING;
  }

  static boolean initialized(Pod pod, List<ContainerStatus> init) {
    int declared =
        pod.getSpec().getInitContainers() == null ? 0 : pod.getSpec().getInitContainers().size();
    return init.size() == declared
        && init.stream().allMatch(s -> exitCode(s) != null && exitCode(s) == 0);
  }

  static String restartPolicy(Pod pod) {
    String p = pod.getSpec().getRestartPolicy();
    return p == null ? "Always" : p;
  }

  /** The exit code of the current state, or null when it is not terminated. */
  static Integer exitCode(ContainerStatus s) {
    return s.getState() != null && s.getState().getTerminated() != null
        ? s.getState().getTerminated().getExitCode()
        : null;
  }

  private static boolean neverStarted(ContainerStatus s) {
    return s.getState() != null
        && s.getState().getWaiting() != null
        && (s.getLastState() == null || s.getLastState().getTerminated() == null);
  }

  private static PodCondition condition(
      PodStatus previous, String type, boolean value, String reason, Instant now) {
    String status = value ? "True" : "False";
    String since = now.toString();
    if (previous != null && previous.getConditions() != null) {
      for (PodCondition c : previous.getConditions()) {
        if (c.getType().equals(type)
            && status.equals(c.getStatus())
            && c.getLastTransitionTime() != null) {
          since = c.getLastTransitionTime();
        }
      }
    }
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withLastTransitionTime(since)
        .build();
  }
}
