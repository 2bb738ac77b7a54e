package io.cadang.controller.runtime;

import io.cadang.controller.backuprun.BackupRunReconciler;
import io.cadang.controller.backuprun.RepositoryBackupRunCleaner;
import io.cadang.controller.events.EventRecorder;
import io.cadang.controller.metrics.BackupMetrics;
import io.cadang.controller.pitr.RepositoryWalArchiveReader;
import io.cadang.controller.pitr.WalArchiveReader;
import io.cadang.controller.pitr.WalPruner;
import io.cadang.controller.pitr.WalRepositories;
import io.cadang.controller.policy.AgentRepositoryProbe;
import io.cadang.controller.policy.BackupPolicyReconciler;
import io.cadang.controller.restore.RestoreRequestReconciler;
import io.cadang.controller.sync.RepositorySync;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the reconcilers into a JOSDK operator: shared Event recorder and metrics, leader election
 * (so two replicas never both schedule), the watched namespaces. Server-side apply is used against
 * real API servers; tests on the fabric8 mock turn it off (the mock does not implement it).
 */
public final class CadangOperator implements AutoCloseable {
  private final Operator operator;

  private CadangOperator(Operator operator) {
    this.operator = operator;
  }

  /** Everything the reconcilers share. */
  public record Components(
      KubernetesClient client,
      OperatorSettings settings,
      Clock clock,
      EventRecorder events,
      BackupMetrics metrics,
      SecretValues secrets,
      WalArchiveReader walArchives) {

    public static Components create(
        KubernetesClient client, OperatorSettings settings, Clock clock, MeterRegistry registry) {
      SecretValues secrets = new SecretValues(client);
      return new Components(
          client,
          settings,
          clock,
          new EventRecorder(client, clock),
          new BackupMetrics(registry),
          secrets,
          new RepositoryWalArchiveReader(new WalRepositories(secrets)));
    }

    /** The same components reading WAL status elsewhere (tests: a scripted fake). */
    public Components withWalArchives(WalArchiveReader reader) {
      return new Components(client, settings, clock, events, metrics, secrets, reader);
    }
  }

  public static List<Reconciler<?>> reconcilers(Components c) {
    List<Reconciler<?>> all = new ArrayList<>();
    all.add(
        new BackupRunReconciler(
            c.client(),
            c.settings(),
            c.clock(),
            c.events(),
            c.metrics(),
            new RepositoryBackupRunCleaner(c.secrets(), c.events())));
    all.add(
        new RestoreRequestReconciler(c.client(), c.settings(), c.clock(), c.events(), c.metrics()));
    all.add(
        new BackupPolicyReconciler(
            c.client(),
            c.settings(),
            c.clock(),
            c.events(),
            c.metrics(),
            new AgentRepositoryProbe(c.secrets()),
            c.walArchives(),
            new WalPruner(new WalRepositories(c.secrets())),
            new RepositorySync(c.client(), c.secrets(), c.events())));
    return all;
  }

  public static CadangOperator start(
      Components components, MeterRegistry registry, boolean serverSideApply) {
    return start(components, registry, serverSideApply, true);
  }

  /**
   * @param exitOnLostLeadership end the process when leadership is lost, so the pod restarts as a
   *     follower instead of running on with stopped informers (off only in tests that run several
   *     replicas in one JVM)
   */
  public static CadangOperator start(
      Components components,
      MeterRegistry registry,
      boolean serverSideApply,
      boolean exitOnLostLeadership) {
    OperatorSettings settings = components.settings();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(components.client())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(serverSideApply)
                  .withSSABasedCreateUpdateMatchForDependentResources(serverSideApply);
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        OperatorSettings.LEASE_NAME,
                        settings.leaseNamespace(),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2),
                        OperatorSettings.identity(System.getenv()),
                        null,
                        exitOnLostLeadership));
              }
            });
    for (Reconciler<?> reconciler : reconcilers(components)) {
      register(operator, reconciler, settings);
    }
    operator.start();
    return new CadangOperator(operator);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void register(Operator operator, Reconciler reconciler, OperatorSettings s) {
    operator.register(
        reconciler,
        c -> {
          if (!s.watchNamespaces().isEmpty()) {
            c.settingNamespaces(s.watchNamespaces());
          }
        });
  }

  public boolean started() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
