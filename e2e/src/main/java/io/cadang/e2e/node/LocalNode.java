package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for a kubelet, not a kubelet: one Node, {@value LocalNodeConfig#DEFAULT_NODE_NAME},
 * whose pods run as local processes of this machine, so a real kube-apiserver and
 * kube-controller-manager can run Cadang without Docker or a container runtime. It also acts as the
 * scheduler, binding every pending pod of the default scheduler to itself.
 *
 * <p>What it does like a kubelet: keeps the Node Ready (conditions and a Lease); runs init
 * containers in order, then containers, with Kubernetes' command/args/{@code $(VAR)} and env rules
 * (value, secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef, envFrom); mounts emptyDir,
 * secret, configMap, downwardAPI, projected (bound service-account tokens from the TokenRequest
 * API), hostPath and persistentVolumeClaim volumes at their mountPaths in a private mount namespace
 * per container; reports phase, container states, exit codes, termination messages, readiness
 * (httpGet/tcpSocket probes) and restarts with back-off; on deletion sends SIGTERM, SIGKILL after
 * the grace period and deletes the pod with grace 0.
 *
 * <p>What it does not do: isolation (processes run as root in the machine's network and PID space;
 * runAsUser, capabilities, seccomp and resource limits are not enforced — the tools handle running
 * as root themselves), images (the Cadang image runs the local jar, configured images run a fixed
 * entrypoint, any other image fails the pod), {@code kubectl logs}/exec/port-forward (no kubelet
 * API: logs are files under {@code <root>/logs}), exec probes, liveness/startup probes, lifecycle
 * hooks, service links, token refresh. Pods found bound to it from an earlier run are started again
 * from scratch.
 *
 * <p>Use in-process ({@link #start()}, {@link #close()}) or as a program ({@link #main}).
 */
public final class LocalNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);

  private final LocalNodeConfig config;
  private final KubernetesClient client;
  private final NodeContext context;
  private final PodBinder binder;
  private final NodeRegistration registration;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "node-heartbeat");
            t.setDaemon(true);
            return t;
          });
  private SharedIndexInformer<Pod> informer;
  private volatile boolean closed;

  public LocalNode(LocalNodeConfig config) throws IOException {
    this.config = config;
    this.client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(config.kubeconfig().toFile()))
            .build();
    if (!Files.isRegularFile(config.cadangJar())) {
      LOG.warn(
          "{} does not exist: pods of the Cadang image will fail until it is built",
          config.cadangJar());
    }
    NodeDirs dirs = new NodeDirs(config.root().toAbsolutePath());
    Map<String, Quantity> capacity = capacity();
    this.context =
        new NodeContext(
            client,
            config.nodeName(),
            apiServerPort(client),
            dirs,
            new ImageMappings(config.cadangJar(), config.extraImages()),
            capacity,
            new ApiObjectLookup(client),
            new PodEvents(client, config.nodeName()),
            new ClaimBinder(client, dirs),
            config.restartBackoff());
    this.binder = new PodBinder(client, config.nodeName());
    this.registration = new NodeRegistration(client, config.nodeName(), capacity);
  }

  /** Registers the Node, starts the heartbeat and begins binding and running pods. */
  public LocalNode start() throws IOException {
    Files.createDirectories(config.root());
    registration.register();
    long period = config.heartbeat().toMillis();
    heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    onPod(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    onPod(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    onPodGone(pod);
                  }
                },
                30_000);
    LOG.info(
        "local node {} ready (api server port {}, root {})",
        config.nodeName(),
        context.apiServerPort(),
        config.root());
    return this;
  }

  public String nodeName() {
    return config.nodeName();
  }

  /** Where a container's output goes (kubectl logs is not supported). */
  public Path logFile(String namespace, String pod, String container) {
    return context.dirs().log(namespace, pod, container);
  }

  /** The directory behind a PersistentVolumeClaim. */
  public Path claimDirectory(String namespace, String claim) {
    return context.dirs().claim(namespace, claim);
  }

  /**
   * Stops every process this node started (SIGTERM, SIGKILL after the shutdown grace) and leaves
   * the API objects as they are, like a machine that went away.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (informer != null) {
      informer.stop();
    }
    heartbeats.shutdownNow();
    List<Thread> stoppers = new ArrayList<>();
    for (PodWorker w : workers.values()) {
      Thread t = new Thread(() -> w.shutdown(config.shutdownGrace()));
      t.start();
      stoppers.add(t);
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    client.close();
  }

  private void onPod(Pod pod) {
    if (closed) {
      return;
    }
    if (PodBinder.wantsBinding(pod)) {
      try {
        binder.bind(pod);
      } catch (KubernetesClientException e) {
        LOG.warn(e.getMessage());
      }
      return;
    }
    if (!config.nodeName().equals(pod.getSpec().getNodeName())) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    PodWorker worker = workers.get(uid);
    if (worker != null) {
      worker.update(pod);
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (worker == null || !worker.terminate(gracePeriod(pod))) {
        PodWorker.finalDelete(context, pod);
      }
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (worker == null
        && !PodStatuses.SUCCEEDED.equals(phase)
        && !PodStatuses.FAILED.equals(phase)) {
      PodWorker created = new PodWorker(pod, context);
      if (workers.putIfAbsent(uid, created) == null) {
        created.start();
      }
    }
  }

  private void onPodGone(Pod pod) {
    PodWorker worker = workers.remove(pod.getMetadata().getUid());
    if (worker != null) {
      worker.terminate(Duration.ZERO);
    }
  }

  private void heartbeat() {
    try {
      registration.heartbeat();
    } catch (RuntimeException e) {
      LOG.warn("node heartbeat failed: {}", e.getMessage());
    }
  }

  /** The deletion's grace period, else the pod's, else Kubernetes' default of 30 s. */
  static Duration gracePeriod(Pod pod) {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(seconds == null ? 30 : seconds);
  }

  private static int apiServerPort(KubernetesClient client) {
    URI uri = URI.create(client.getConfiguration().getMasterUrl());
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "http".equals(uri.getScheme()) ? 80 : 443;
  }

  private static Map<String, Quantity> capacity() throws IOException {
    String memory = "8Gi";
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        memory = line.replaceAll("[^0-9]", "") + "Ki";
      }
    }
    return Map.of(
        "cpu", new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())),
        "memory", new Quantity(memory),
        "pods", new Quantity("110"),
        "ephemeral-storage", new Quantity("100Gi"));
  }

  /**
   * {@code java -cp ... io.cadang.e2e.node.LocalNode --kubeconfig FILE --root DIR [--repo DIR]
   * [--jar FILE] [--node-name NAME] [--image IMAGE=ARG,ARG...]}: runs until SIGTERM/SIGINT, then
   * stops every process it started.
   */
  public static void main(String[] args) throws Exception {
    LocalNodeConfig config;
    try {
      config = LocalNodeConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("local-node: " + e.getMessage());
      System.exit(2);
      return;
    }
    LocalNode node = new LocalNode(config).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                }));
    System.out.println(
        "local node "
            + config.nodeName()
            + " running; container logs under "
            + config.root().resolve("logs"));
    stopped.await();
  }
}
