package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod bound to this node, in its own thread: volumes, init containers in order, then the
 * containers with the pod's restartPolicy, the status a kubelet would write, and on deletion
 * SIGTERM, SIGKILL after the grace period and the final delete with grace 0.
 */
final class PodWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CONFIG_RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final NodeContext node;
  private final String uid;
  private volatile Pod pod;
  private volatile Duration terminateGrace;
  private volatile boolean shutdown;
  private volatile boolean finished;
  private final List<ContainerSlot> init = new ArrayList<>();
  private final List<ContainerSlot> containers = new ArrayList<>();
  private final Map<String, ImageMappings.ImageSpec> images = new LinkedHashMap<>();
  private PodStatuses.PodFailure failure;
  private Instant startTime;
  private PodStatus published;
  private Thread thread;

  PodWorker(Pod pod, NodeContext node) {
    this.pod = pod;
    this.node = node;
    this.uid = pod.getMetadata().getUid();
  }

  void start() {
    thread = new Thread(this, "pod-" + pod.getMetadata().getNamespace() + "-" + name());
    thread.setDaemon(true);
    thread.start();
  }

  void update(Pod latest) {
    this.pod = latest;
  }

  /**
   * The API server marked the pod for deletion: stop it within the grace period, then delete.
   *
   * @return false when the worker has already finished (the caller deletes the pod itself)
   */
  synchronized boolean terminate(Duration grace) {
    if (finished) {
      return false;
    }
    if (terminateGrace == null) {
      terminateGrace = grace;
    }
    return true;
  }

  boolean isFinished() {
    return finished;
  }

  /** The node stops: kill every process, write nothing to the API server, wait for the thread. */
  void shutdown(Duration grace) {
    shutdown = true;
    terminateGrace = grace;
    if (thread != null) {
      try {
        thread.join(grace.plusSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    try {
      runPod();
    } catch (RuntimeException e) {
      LOG.error("pod {}/{} worker failed", pod.getMetadata().getNamespace(), name(), e);
      stopAll(Duration.ZERO);
    }
    boolean delete;
    synchronized (this) {
      finished = true;
      delete = terminateGrace != null && !shutdown;
    }
    if (delete) {
      finalDelete(node, pod);
    }
  }

  private void runPod() {
    startTime = Instant.now();
    if (pod.getSpec().getInitContainers() != null) {
      pod.getSpec().getInitContainers().forEach(c -> init.add(new ContainerSlot(c)));
    }
    pod.getSpec().getContainers().forEach(c -> containers.add(new ContainerSlot(c)));
    if (!resolveImages() || !prepareVolumes()) {
      publish();
      return;
    }
    for (ContainerSlot slot : init) {
      if (!runToCompletion(slot)) {
        publish();
        return;
      }
    }
    superviseContainers();
  }

  /** Every image must map before anything runs; otherwise the pod fails, naming the image. */
  private boolean resolveImages() {
    List<Container> all = new ArrayList<>();
    init.forEach(s -> all.add(s.spec));
    containers.forEach(s -> all.add(s.spec));
    for (Container c : all) {
      var spec = node.images().find(c.getImage());
      if (spec.isEmpty()) {
        String message =
            "image "
                + c.getImage()
                + " of container "
                + c.getName()
                + " cannot run on the local node stand-in: it runs only images whose repository"
                + " name ends in 'cadang' and configured image mappings";
        failure = new PodStatuses.PodFailure("UnsupportedImage", message);
        node.events().record(pod, "Warning", "UnsupportedImage", message);
        return false;
      }
      images.put(c.getName(), spec.get());
    }
    return true;
  }

  /** Like a kubelet, a missing Secret/ConfigMap/claim keeps the pod Pending and is retried. */
  private boolean prepareVolumes() {
    String lastProblem = null;
    while (!stopRequested()) {
      try {
        if (pod.getSpec().getVolumes() != null) {
          for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getPersistentVolumeClaim() != null) {
              node.claims()
                  .ensureBound(
                      pod.getMetadata().getNamespace(),
                      v.getPersistentVolumeClaim().getClaimName());
            }
          }
        }
        VolumeWriter.prepare(pod, node.dirs(), node.nodeName(), node.allocatable(), node.lookup());
        return true;
      } catch (ContainerConfigException | IOException | KubernetesClientException e) {
        String problem = "MountVolume.SetUp failed: " + e.getMessage();
        if (!problem.equals(lastProblem)) {
          node.events().record(pod, "Warning", "FailedMount", problem);
          lastProblem = problem;
        }
        publish();
        sleep(CONFIG_RETRY);
      }
    }
    return false;
  }

  /** An init container, restarted on failure unless restartPolicy is Never; false: stop here. */
  private boolean runToCompletion(ContainerSlot slot) {
    while (!stopRequested()) {
      if (slot.nextStart != null && Instant.now().isBefore(slot.nextStart)) {
        sleep(POLL);
        continue;
      }
      if (!startContainer(slot)) {
        sleep(CONFIG_RETRY);
        continue;
      }
      publish();
      while (slot.process.isAlive() && !stopRequested()) {
        sleep(POLL);
      }
      if (stopRequested()) {
        break;
      }
      recordExit(slot);
      if (slot.exitCode() == 0) {
        publish();
        return true;
      }
      if (PodStatuses.restartPolicy(pod).equals("Never")) {
        return false;
      }
      slot.restartAt(Instant.now().plus(backoff(slot.restarts)), "CrashLoopBackOff");
      publish();
    }
    stopAll(terminateGrace);
    return false;
  }

  private void superviseContainers() {
    for (ContainerSlot slot : containers) {
      if (!startContainer(slot)) {
        slot.nextStart = Instant.now().plus(CONFIG_RETRY);
      }
    }
    publish();
    String policy = PodStatuses.restartPolicy(pod);
    while (!stopRequested()) {
      Instant now = Instant.now();
      for (ContainerSlot slot : containers) {
        if (slot.process != null && slot.isRunning() && !slot.process.isAlive()) {
          recordExit(slot);
          int code = slot.exitCode();
          if (policy.equals("Always") || (policy.equals("OnFailure") && code != 0)) {
            slot.restartAt(now.plus(backoff(slot.restarts)), "CrashLoopBackOff");
          }
        }
        if (slot.nextStart != null && !now.isBefore(slot.nextStart)) {
          if (!startContainer(slot)) {
            slot.nextStart = now.plus(CONFIG_RETRY);
          }
        }
        probe(slot, now);
      }
      publish();
      String phase = PodStatuses.phase(pod, statuses(init), statuses(containers));
      if (phase.equals(PodStatuses.SUCCEEDED) || phase.equals(PodStatuses.FAILED)) {
        LOG.info("pod {}/{} {}", pod.getMetadata().getNamespace(), name(), phase);
        return;
      }
      sleep(POLL);
    }
    stopAll(terminateGrace);
  }

  /** Resolves env, argv and mounts and starts the process; false when it must wait (and why). */
  private boolean startContainer(ContainerSlot slot) {
    Container c = slot.spec;
    String ns = pod.getMetadata().getNamespace();
    try {
      ImageMappings.ImageSpec image = images.get(c.getName());
      Map<String, String> env =
          ContainerEnv.resolve(
              pod, c, node.nodeName(), node.apiServerPort(), node.allocatable(), node.lookup());
      List<String> program = ImageMappings.argv(image, c, env);
      List<VolumePlan.Mount> mounts = VolumePlan.mounts(pod, c, node.dirs(), env);
      Map<String, String> processEnv = new LinkedHashMap<>(image.env());
      processEnv.putAll(env);
      processEnv.putIfAbsent("HOSTNAME", name());
      String workingDir = c.getWorkingDir() != null ? c.getWorkingDir() : image.workingDir();
      Path termination = node.dirs().terminationLog(uid, c.getName());
      Files.createDirectories(termination.getParent());
      Files.write(termination, new byte[0]);
      Process p =
          ContainerLauncher.start(
              ContainerLauncher.command(mounts, workingDir, program),
              processEnv,
              node.dirs().log(ns, name(), c.getName()));
      slot.running(p, Instant.now());
      slot.nextProbe = Instant.now().plusSeconds(initialDelay(c));
      slot.ready = c.getReadinessProbe() == null;
      LOG.info("pod {}/{} container {} started, pid {}", ns, name(), c.getName(), p.pid());
      return true;
    } catch (ContainerConfigException e) {
      if (!e.getMessage().equals(slot.lastProblem)) {
        node.events().record(pod, "Warning", "Failed", "Error: " + e.getMessage());
        slot.lastProblem = e.getMessage();
      }
      slot.waiting("CreateContainerConfigError", e.getMessage());
      publish();
      return false;
    } catch (IOException e) {
      slot.waiting("RunContainerError", e.getMessage());
      publish();
      return false;
    }
  }

  private void recordExit(ContainerSlot slot) {
    int code;
    try {
      code = slot.process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 137;
    }
    String ns = pod.getMetadata().getNamespace();
    String message =
        TerminationMessages.read(
            node.dirs().terminationLog(uid, slot.spec.getName()),
            node.dirs().log(ns, name(), slot.spec.getName()),
            slot.spec.getTerminationMessagePolicy(),
            code);
    slot.terminated(code, message, Instant.now());
    LOG.info("pod {}/{} container {} exited {}", ns, name(), slot.spec.getName(), code);
  }

  private void probe(ContainerSlot slot, Instant now) {
    if (slot.spec.getReadinessProbe() == null || !slot.isRunning()) {
      return;
    }
    if (slot.nextProbe != null && now.isBefore(slot.nextProbe)) {
      return;
    }
    slot.ready = ReadinessProbes.check(slot.spec.getReadinessProbe(), slot.spec);
    Integer period = slot.spec.getReadinessProbe().getPeriodSeconds();
    slot.nextProbe = now.plusSeconds(period == null ? 10 : period);
  }

  /** SIGTERM every container's process group, SIGKILL what is left after the grace period. */
  private void stopAll(Duration grace) {
    List<ContainerSlot> all = new ArrayList<>(init);
    all.addAll(containers);
    List<Thread> stoppers = new ArrayList<>();
    for (ContainerSlot slot : all) {
      if (slot.process != null && slot.process.isAlive()) {
        Thread t = new Thread(() -> ProcessGroups.stop(slot.process, grace));
        t.start();
        stoppers.add(t);
      }
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (ContainerSlot slot : all) {
      if (slot.process != null && slot.isRunning()) {
        recordExit(slot);
      }
    }
    if (!shutdown) {
      publish();
    }
  }

  /**
   * What a kubelet does last for a pod marked for deletion: its containers are gone, so the object
   * may go too (grace 0), and its volumes' directories with it (claims and logs stay).
   */
  static void finalDelete(NodeContext node, Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    try {
      node.client().pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("pod {}/{} final delete failed: {}", ns, name, e.getMessage());
    }
    try {
      VolumeWriter.remove(pod.getMetadata().getUid(), node.dirs());
    } catch (IOException e) {
      LOG.warn("pod {}/{} directories not removed: {}", ns, name, e.getMessage());
    }
  }

  /** Writes the status when it changed; a failure is retried on the next change or poll. */
  private void publish() {
    if (shutdown) {
      return;
    }
    PodStatus status =
        PodStatuses.build(
            pod, statuses(init), statuses(containers), failure, startTime, Instant.now());
    if (sameIgnoringTimes(status, published)) {
      return;
    }
    try {
      Pod updated =
          node.client()
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(name())
              .editStatus(
                  p -> {
                    p.setStatus(status);
                    return p;
                  });
      pod = updated;
      published = status;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "pod {}/{} status not written: {}",
          pod.getMetadata().getNamespace(),
          name(),
          e.getMessage());
    }
  }

  private static boolean sameIgnoringTimes(PodStatus a, PodStatus b) {
    return b != null
        && Objects.equals(a.getPhase(), b.getPhase())
        && Objects.equals(a.getInitContainerStatuses(), b.getInitContainerStatuses())
        && Objects.equals(a.getContainerStatuses(), b.getContainerStatuses())
        && Objects.equals(a.getReason(), b.getReason())
        && Objects.equals(
            a.getConditions().stream().map(c -> c.getType() + c.getStatus()).toList(),
            b.getConditions().stream().map(c -> c.getType() + c.getStatus()).toList());
  }

  private static List<ContainerStatus> statuses(List<ContainerSlot> slots) {
    return slots.stream().map(ContainerSlot::status).toList();
  }

  private Duration backoff(int restarts) {
    Duration d = node.restartBackoff().multipliedBy(1L << Math.min(restarts, 10));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private static long initialDelay(Container c) {
    return c.getReadinessProbe() == null || c.getReadinessProbe().getInitialDelaySeconds() == null
        ? 0
        : c.getReadinessProbe().getInitialDelaySeconds();
  }

  private boolean stopRequested() {
    return terminateGrace != null;
  }

  private String name() {
    return pod.getMetadata().getName();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
