package io.cadang.controller.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A fake of the Job controller and kubelet, for the mock API server (which runs nothing): every new
 * Job gets a pod and a final status according to a script — complete with the agent's termination
 * message, fail with an exit code or OOMKilled, exceed its deadline, or keep running.
 */
public final class FakeJobController implements AutoCloseable {

  /** What happens to a Job. */
  public sealed interface Behaviour {}

  public record Succeed(String terminationMessage) implements Behaviour {}

  public record Fail(int exitCode, String terminatedReason, String terminationMessage)
      implements Behaviour {}

  public record DeadlineExceeded() implements Behaviour {}

  public record KeepRunning() implements Behaviour {}

  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  private final Map<String, Behaviour> overrides = new ConcurrentHashMap<>();
  private volatile Function<Job, Behaviour> script = job -> new KeepRunning();

  public FakeJobController(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    loop.scheduleWithFixedDelay(this::tick, 50, 100, TimeUnit.MILLISECONDS);
  }

  public void script(Function<Job, Behaviour> behaviour) {
    this.script = behaviour;
  }

  /** Finishes a Job that was kept running. */
  public void finish(String jobName, Behaviour behaviour) {
    overrides.put(jobName, behaviour);
    handled.remove(jobName + "/final");
  }

  private void tick() {
    try {
      for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
        String name = job.getMetadata().getName();
        if (handled.add(name)) {
          createPod(job);
        }
        if (!handled.contains(name + "/final")) {
          Behaviour b = overrides.getOrDefault(name, scripted(job));
          if (!(b instanceof KeepRunning)) {
            handled.add(name + "/final");
          }
          apply(job, b);
        }
      }
    } catch (RuntimeException e) {
      // The mock server may be shutting down; the next tick tries again.
    }
  }

  /**
   * A script that throws fails its Job loudly instead of stalling this loop: a swallowed exception
   * here once left a scheduled run "running" forever and a test waiting on it timed out.
   */
  private Behaviour scripted(Job job) {
    try {
      return script.apply(job);
    } catch (RuntimeException e) {
      return new Fail(1, "Error", "fake job controller: the test's script threw " + e);
    }
  }

  private void createPod(Job job) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-pod")
            .withNamespace(namespace)
            .addToLabels("job-name", job.getMetadata().getName())
            .withCreationTimestamp(Instant.now().toString())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    client.pods().inNamespace(namespace).resource(pod).create();
  }

  private void apply(Job job, Behaviour b) {
    String name = job.getMetadata().getName();
    Pod pod = client.pods().inNamespace(namespace).withName(name + "-pod").get();
    JobStatus status;
    ContainerStatusBuilder container = new ContainerStatusBuilder().withName("agent");
    if (b instanceof Succeed s) {
      container
          .withNewState()
          .withNewTerminated()
          .withExitCode(0)
          .withReason("Completed")
          .withMessage(s.terminationMessage())
          .endTerminated()
          .endState();
      status = finished("Complete", "Completed", null);
    } else if (b instanceof Fail f) {
      container
          .withNewState()
          .withNewTerminated()
          .withExitCode(f.exitCode())
          .withReason(f.terminatedReason())
          .withMessage(f.terminationMessage())
          .endTerminated()
          .endState();
      status =
          finished("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    } else if (b instanceof DeadlineExceeded) {
      container
          .withNewState()
          .withNewTerminated()
          .withExitCode(137)
          .withReason("Error")
          .endTerminated()
          .endState();
      status =
          finished("Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
    } else {
      container
          .withNewState()
          .withNewRunning()
          .withStartedAt(Instant.now().toString())
          .endRunning()
          .endState();
      status = new JobStatusBuilder().withActive(1).withStartTime(Instant.now().toString()).build();
    }
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase(
                b instanceof KeepRunning
                    ? "Running"
                    : b instanceof Succeed ? "Succeeded" : "Failed")
            .withContainerStatuses(container.build())
            .build());
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
    Job fresh = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    if (fresh != null && !status.equals(fresh.getStatus())) {
      fresh.setStatus(status);
      client.batch().v1().jobs().inNamespace(namespace).resource(fresh).updateStatus();
    }
  }

  private static JobStatus finished(String type, String reason, String message) {
    return new JobStatusBuilder()
        .withActive(0)
        .withCompletionTime(Instant.now().toString())
        .addToConditions(
            new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .build())
        .build();
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
