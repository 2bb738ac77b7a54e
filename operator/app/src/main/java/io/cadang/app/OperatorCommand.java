package io.cadang.app;

import io.cadang.controller.runtime.CadangOperator;
import io.cadang.controller.runtime.OperatorHttpServer;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Runs the Kubernetes operator: the BackupPolicy, BackupRun and RestoreRequest reconcilers, with
 * /metrics, /healthz and /readyz. Configuration comes from the environment (the Helm chart sets
 * it): CADANG_WATCH_NAMESPACES, CADANG_AGENT_IMAGE, CADANG_AGENT_SERVICE_ACCOUNT, CADANG_HTTP_PORT,
 * CADANG_LEADER_ELECTION, POD_NAMESPACE. The cluster connection is the usual one: in-cluster
 * service account, or KUBECONFIG.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = "Run the Kubernetes operator (reconcilers, metrics, health).")
final class OperatorCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  @ParentCommand CadangMain root;

  @Override
  public Integer call() throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(root.env());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    AtomicReference<CadangOperator> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        OperatorHttpServer http =
            new OperatorHttpServer(
                settings.httpPort(),
                registry,
                () -> running.get() != null && running.get().started())) {
      LOG.info(
          "cadang operator: watching {}, agent image {}, metrics on :{}",
          settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
          settings.agentImage(),
          http.port());
      CadangOperator.Components components =
          CadangOperator.Components.create(client, settings, Clock.systemUTC(), registry);
      running.set(CadangOperator.start(components, registry, true));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    running.get().close();
                    stopped.countDown();
                  }));
      stopped.await();
    }
    return 0;
  }
}
