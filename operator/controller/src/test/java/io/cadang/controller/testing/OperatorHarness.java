package io.cadang.controller.testing;

import io.cadang.controller.runtime.CadangOperator;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Cadang's operator on the mock cluster, with a movable clock, a Prometheus registry to scrape and
 * the fake Job controller. Server-side apply is off and leader election too (the mock has no Leases
 * worth electing on).
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String NAMESPACE = "backups";

  public final MockCluster cluster;
  public final KubernetesClient client;
  public final MutableClock clock;
  public final PrometheusMeterRegistry registry;
  public final FakeJobController jobs;
  public final CadangOperator.Components components;
  private final CadangOperator operator;

  public OperatorHarness(Instant start) {
    this(start, c -> c);
  }

  /**
   * @param customize replaces components, e.g. {@code c -> c.withWalArchives(fake)}
   */
  public OperatorHarness(
      Instant start, java.util.function.UnaryOperator<CadangOperator.Components> customize) {
    cluster = MockCluster.start(NAMESPACE);
    client = cluster.client();
    clock = new MutableClock(start);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    jobs = new FakeJobController(client, NAMESPACE);
    OperatorSettings settings =
        new OperatorSettings(Set.of(NAMESPACE), "cadang:test", 0, false, NAMESPACE, "cadang-agent");
    components =
        customize.apply(CadangOperator.Components.create(client, settings, clock, registry));
    operator = CadangOperator.start(components, registry, false);
  }

  /** Waits (up to 30 s) until the condition holds; fails the test otherwise. */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    operator.close();
    jobs.close();
    cluster.close();
  }
}
