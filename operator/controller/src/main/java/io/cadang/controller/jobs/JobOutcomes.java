package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.ConditionReason;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Job and its pods into a {@link JobOutcome}. A failure's real cause wins over the Job's
 * generic one: the agent's own error line, then OOMKilled, then an image that cannot be pulled,
 * then the deadline — "BackoffLimitExceeded" alone helps nobody at 3 a.m.
 */
public final class JobOutcomes {
  private static final Set<String> IMAGE_PULL =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  private JobOutcomes() {}

  public static JobOutcome of(Job job, List<Pod> pods) {
    Optional<JobCondition> complete = condition(job, "Complete");
    Optional<JobCondition> failed = condition(job, "Failed");
    Optional<ContainerStatus> agent = newestAgentStatus(pods);
    if (complete.isPresent()) {
      return new JobOutcome.Succeeded(
          agent
              .flatMap(JobOutcomes::terminated)
              .flatMap(t -> AgentResult.parse(t.getMessage()))
              .orElse(null));
    }
    if (failed.isPresent()) {
      return failure(failed.get(), agent);
    }
    Optional<ContainerStateWaiting> waiting =
        agent.map(s -> s.getState() == null ? null : s.getState().getWaiting());
    if (waiting.isPresent() && IMAGE_PULL.contains(waiting.get().getReason())) {
      return new JobOutcome.Pending(
          waiting.get().getReason() + ": " + nullToEmpty(waiting.get().getMessage()));
    }
    boolean running =
        agent.map(s -> s.getState() != null && s.getState().getRunning() != null).orElse(false);
    if (running
        || (job.getStatus() != null
            && job.getStatus().getActive() != null
            && job.getStatus().getActive() > 0
            && agent.isPresent())) {
      return new JobOutcome.Running();
    }
    return new JobOutcome.Pending(null);
  }

  private static JobOutcome failure(JobCondition failed, Optional<ContainerStatus> agent) {
    Optional<ContainerStateTerminated> terminated = agent.flatMap(JobOutcomes::terminated);
    Optional<String> agentError =
        terminated.flatMap(t -> AgentResult.parse(t.getMessage())).map(AgentResult::error);
    if (agentError.isPresent()) {
      return new JobOutcome.Failed(ConditionReason.AGENT_ERROR, agentError.get());
    }
    if (terminated.isPresent() && "OOMKilled".equals(terminated.get().getReason())) {
      return new JobOutcome.Failed(
          ConditionReason.OOM_KILLED,
          "the agent container was killed for exceeding its memory limit (OOMKilled); raise"
              + " spec.job.resources.limits.memory");
    }
    Optional<ContainerStateWaiting> waiting =
        agent.map(s -> s.getState() == null ? null : s.getState().getWaiting());
    if (waiting.isPresent() && IMAGE_PULL.contains(waiting.get().getReason())) {
      return new JobOutcome.Failed(
          ConditionReason.IMAGE_PULL_FAILED,
          "agent image could not be pulled: "
              + waiting.get().getReason()
              + ": "
              + nullToEmpty(waiting.get().getMessage()));
    }
    if ("DeadlineExceeded".equals(failed.getReason())) {
      return new JobOutcome.Failed(
          ConditionReason.DEADLINE_EXCEEDED,
          "the agent did not finish within spec.job.activeDeadlineSeconds: "
              + nullToEmpty(failed.getMessage()));
    }
    Optional<AgentResult> report = terminated.flatMap(t -> AgentResult.parse(t.getMessage()));
    if (report.isPresent() && report.get().databases() != null) {
      return new JobOutcome.Failed(
          ConditionReason.AGENT_ERROR,
          "agent exited with code " + terminated.get().getExitCode(),
          report.get());
    }
    String detail =
        terminated
            .map(
                t ->
                    "agent exited with code "
                        + t.getExitCode()
                        + (t.getMessage() == null || t.getMessage().isBlank()
                            ? ""
                            : ": " + lastLine(t.getMessage())))
            .orElse(nullToEmpty(failed.getReason()) + ": " + nullToEmpty(failed.getMessage()));
    return new JobOutcome.Failed(ConditionReason.JOB_FAILED, detail);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** The agent container of the newest pod (retries create new pods). */
  private static Optional<ContainerStatus> newestAgentStatus(List<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .max(Comparator.comparing(p -> nullToEmpty(p.getMetadata().getCreationTimestamp())))
        .flatMap(
            p ->
                p.getStatus().getContainerStatuses().stream()
                    .filter(c -> "agent".equals(c.getName()))
                    .findFirst());
  }

  private static Optional<ContainerStateTerminated> terminated(ContainerStatus s) {
    if (s.getState() != null && s.getState().getTerminated() != null) {
      return Optional.of(s.getState().getTerminated());
    }
    if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
      return Optional.of(s.getLastState().getTerminated());
    }
    return Optional.empty();
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
