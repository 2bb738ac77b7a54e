package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.PostgresSource;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.controller.pitr.PitrSettings;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The WAL streamer of a policy with pitr, as a pure function of the policy and the operator
 * settings: Deployment {@code <policy>-wal-stream} running {@code cadang wal-stream}, owned by the
 * policy (deleted with it). One replica with the Recreate strategy: two streamers on one slot would
 * fight over it, so the old pod is gone before the new one starts. The pod is the same locked-down
 * agent pod as a Job's (Secrets only through secretKeyRef env), plus an emptyDir spool for the
 * segment being assembled. No liveness probe: {@code wal-stream} offers no health endpoint, and a
 * streamer that stops reporting turns the policy's WalArchiving condition False instead.
 */
public final class WalStreamerDeployments {
  public static final String COMPONENT = "wal-stream";
  public static final String SPOOL_MOUNT = "/spool";

  private WalStreamerDeployments() {}

  public static String name(BackupPolicy policy) {
    return policy.getMetadata().getName() + "-wal-stream";
  }

  public static Deployment desired(BackupPolicy policy, OperatorSettings settings) {
    BackupPolicySpec spec = policy.getSpec();
    JobTemplate template = spec.getJob() == null ? new JobTemplate() : spec.getJob();
    PostgresSource pg = spec.getSource().getPostgres();
    Repository primary = spec.getStorage().getPrimary();

    Map<String, String> selector = new HashMap<>();
    selector.put(BackupJobs.MANAGED_BY, "cadang");
    selector.put("app.kubernetes.io/component", COMPONENT);
    selector.put(BackupJobs.POLICY_LABEL, policy.getMetadata().getName());
    Map<String, String> labels = new HashMap<>(selector);
    labels.put("app.kubernetes.io/name", "cadang-agent");
    Map<String, String> podLabels = new HashMap<>(labels);
    if (template.getPodLabels() != null) {
      podLabels.putAll(template.getPodLabels());
    }

    List<EnvVar> env = new ArrayList<>();
    env.addAll(AgentContainers.postgresEnv(pg.getCredentialsSecret()));
    env.addAll(AgentContainers.repositoryEnv(primary));
    env.addAll(AgentContainers.keyEnv(spec.getEncryption()));
    // WAL reaches every replica too, so a region's loss costs seconds of commits, not the time
    // since the last base backup.
    env.addAll(ReplicaArgs.env(spec.getStorage()));

    PodTemplateSpec pod =
        AgentPods.template(
            template, settings, podLabels, args(policy, PitrSettings.of(policy)), env, false);
    // A Deployment's pods must restart; the spool holds the segment not yet uploaded.
    pod.getSpec().setRestartPolicy("Always");
    pod.getSpec()
        .getVolumes()
        .add(new VolumeBuilder().withName("spool").withNewEmptyDir().endEmptyDir().build());
    pod.getSpec()
        .getContainers()
        .get(0)
        .getVolumeMounts()
        .add(new VolumeMountBuilder().withName("spool").withMountPath(SPOOL_MOUNT).build());

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name(policy))
        .withNamespace(policy.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(BackupJobs.ownerReference(policy))
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withTemplate(pod)
        .endSpec()
        .build();
  }

  static List<String> args(BackupPolicy policy, PitrSettings pitr) {
    BackupPolicySpec spec = policy.getSpec();
    PostgresSource pg = spec.getSource().getPostgres();
    List<String> args = new ArrayList<>();
    args.add("wal-stream");
    args.add("--host=" + pg.getHost());
    args.add("--port=" + (pg.getPort() == null ? 5432 : pg.getPort()));
    if (pg.getCredentialsSecret() != null) {
      args.add("--user=$(" + AgentContainers.PGUSER + ")");
    }
    args.add(
        "--maintenance-db="
            + (pg.getMaintenanceDatabase() == null ? "postgres" : pg.getMaintenanceDatabase()));
    args.add("--sslmode=" + AgentContainers.sslMode(pg.getSslMode()));
    args.add("--repo=" + RepositoryUris.of(spec, spec.getStorage().getPrimary()));
    args.addAll(AgentContainers.keyArgs(spec.getEncryption()));
    args.add("--slot=" + pitr.slot());
    args.add("--partial-interval=" + pitr.intervalArg());
    args.add("--spool-dir=" + SPOOL_MOUNT);
    args.addAll(ReplicaArgs.args(spec));
    return args;
  }
}
