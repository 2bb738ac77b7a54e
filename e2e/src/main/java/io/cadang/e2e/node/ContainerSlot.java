package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One container of a running pod: its process (if any), and the state the kubelet would report for
 * it. The transitions are the kubelet's: waiting (with a reason) → running → terminated, and back
 * to waiting when it will be restarted, with the last termination kept in lastState.
 */
final class ContainerSlot {
  final Container spec;
  Process process;
  Instant nextStart;
  int restarts;
  boolean ready;
  Instant nextProbe;

  /** The last configuration error reported as an event, so a retry loop does not repeat it. */
  String lastProblem;

  private ContainerState state;
  private ContainerState lastState;
  private boolean started;

  ContainerSlot(Container spec) {
    this.spec = spec;
    waiting("ContainerCreating", null);
  }

  void waiting(String reason, String message) {
    state =
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .build();
    ready = false;
  }

  void running(Process p, Instant at) {
    process = p;
    started = true;
    nextStart = null;
    state =
        new ContainerStateBuilder().withNewRunning().withStartedAt(time(at)).endRunning().build();
  }

  void terminated(int exitCode, String message, Instant at) {
    String startedAt = state.getRunning() != null ? state.getRunning().getStartedAt() : time(at);
    state =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(exitCode == 0 ? "Completed" : "Error")
            .withMessage(message)
            .withStartedAt(startedAt)
            .withFinishedAt(time(at))
            .withContainerID(containerId())
            .endTerminated()
            .build();
    ready = false;
  }

  /** The container will run again: what it just did becomes lastState. */
  void restartAt(Instant when, String reason) {
    lastState = state;
    restarts++;
    nextStart = when;
    process = null;
    waiting(reason, "back-off restarting container " + spec.getName());
  }

  boolean isRunning() {
    return state.getRunning() != null;
  }

  Integer exitCode() {
    return state.getTerminated() == null ? null : state.getTerminated().getExitCode();
  }

  ContainerStatus status() {
    return new ContainerStatusBuilder()
        .withName(spec.getName())
        .withImage(spec.getImage())
        .withImageID(spec.getImage())
        .withContainerID(started ? containerId() : null)
        .withState(state)
        .withLastState(lastState == null ? new ContainerState() : lastState)
        .withReady(ready)
        .withStarted(state.getRunning() != null)
        .withRestartCount(restarts)
        .build();
  }

  private String containerId() {
    return process == null ? null : "cadang-local://" + process.pid();
  }

  static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
