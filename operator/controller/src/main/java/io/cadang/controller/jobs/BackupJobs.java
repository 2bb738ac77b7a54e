package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupSource;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.PostgresSource;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job that performs one BackupRun, as a pure function of the run, its policy and the operator
 * settings. Created once and never updated; named after the run and owned by it, so deleting the
 * run deletes the Job and a retried reconcile finds the Job it already created.
 */
public final class BackupJobs {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String RUN_LABEL = "cadang.io/backup-run";
  public static final String POLICY_LABEL = "cadang.io/policy";

  /** Where a files source's claim is mounted (read-only) in the backup pod. */
  public static final String SOURCE_MOUNT = "/cadang/source";

  public static final String SOURCE_VOLUME = "source";

  private BackupJobs() {}

  public static String jobName(BackupRun run) {
    return run.getMetadata().getName();
  }

  public static Job desired(BackupRun run, BackupPolicy policy, OperatorSettings settings) {
    BackupPolicySpec spec = policy.getSpec();
    JobTemplate template = spec.getJob() == null ? new JobTemplate() : spec.getJob();
    BackupSource source = spec.getSource();
    if (source.getVolumeSnapshots() != null) {
      throw new IllegalArgumentException(
          "a volumeSnapshots policy runs no Job: the operator takes the snapshots itself");
    }
    Repository primary = spec.getStorage().getPrimary();

    Map<String, String> labels = new HashMap<>();
    labels.put(MANAGED_BY, "cadang");
    labels.put("app.kubernetes.io/name", "cadang-agent");
    labels.put("app.kubernetes.io/component", "backup");
    labels.put(RUN_LABEL, run.getMetadata().getName());
    labels.put(POLICY_LABEL, policy.getMetadata().getName());
    Map<String, String> podLabels = new HashMap<>(labels);
    if (template.getPodLabels() != null) {
      podLabels.putAll(template.getPodLabels());
    }

    List<EnvVar> env = new ArrayList<>();
    if (source.getPostgres() != null) {
      env.addAll(AgentContainers.postgresEnv(source.getPostgres().getCredentialsSecret()));
    }
    if (source.getConfigs() != null) {
      env.addAll(BackupSourceArgs.gitEnv(source.getConfigs().getGit()));
    }
    env.addAll(AgentContainers.repositoryEnv(primary));
    env.addAll(AgentContainers.keyEnv(spec.getEncryption()));
    env.addAll(ReplicaArgs.env(spec.getStorage()));
    env.addAll(BackupLogArgs.env(spec.getBackupLog()));

    PodTemplateSpec pod =
        AgentPods.template(template, settings, podLabels, args(run, policy), env, false);
    if (source.getFiles() != null) {
      // Read-only twice over: the volume and the mount, so not even a bug in the agent can
      // change the data it backs up.
      AgentPods.mountClaim(
          pod, SOURCE_VOLUME, source.getFiles().getClaimName(), SOURCE_MOUNT, true);
    }

    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(run))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ownerReference(run))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(template.getBackoffLimit() == null ? 1 : template.getBackoffLimit())
        .withActiveDeadlineSeconds(template.getActiveDeadlineSeconds())
        // Finished Jobs are kept: their pod's termination message is the run's evidence until the
        // run itself is deleted (the run owns the Job).
        .withTemplate(pod)
        .endSpec()
        .build();
  }

  /**
   * {@code backup <source args> --backup-id --repo <key args> [--replica]... [--log-*]
   * --result-file}: the source part differs per kind, the rest is shared.
   */
  static List<String> args(BackupRun run, BackupPolicy policy) {
    BackupPolicySpec spec = policy.getSpec();
    BackupSource source = spec.getSource();
    List<String> args = new ArrayList<>();
    args.add("backup");
    if (source.getPostgres() != null) {
      args.addAll(postgresArgs(spec, source.getPostgres()));
    } else if (source.getFiles() != null) {
      args.addAll(BackupSourceArgs.files(source.getFiles()));
    } else if (source.getConfigs() != null) {
      args.addAll(
          BackupSourceArgs.configs(source.getConfigs(), policy.getMetadata().getNamespace()));
    } else {
      throw new IllegalArgumentException("spec.source: no postgres, files or configs source");
    }
    args.add("--backup-id=" + run.getMetadata().getName());
    args.add("--repo=" + RepositoryUris.of(spec, spec.getStorage().getPrimary()));
    args.addAll(AgentContainers.keyArgs(spec.getEncryption()));
    args.addAll(ReplicaArgs.args(spec));
    args.addAll(BackupLogArgs.args(spec.getBackupLog(), policy.getMetadata().getName()));
    args.add("--result-file=" + AgentContainers.RESULT_FILE);
    return args;
  }

  private static List<String> postgresArgs(BackupPolicySpec spec, PostgresSource pg) {
    List<String> args = new ArrayList<>();
    boolean physical = spec.getMethod() == io.cadang.api.v1alpha1.BackupMethod.PHYSICAL;
    if (physical) {
      // The whole cluster through the replication protocol: no database list, no globals.
      args.add("--method=physical");
    }
    args.add("--host=" + pg.getHost());
    args.add("--port=" + (pg.getPort() == null ? 5432 : pg.getPort()));
    if (pg.getCredentialsSecret() != null) {
      args.add("--user=$(" + AgentContainers.PGUSER + ")");
    }
    args.add("--maintenance-db=" + pg.getMaintenanceDatabase());
    args.add("--sslmode=" + AgentContainers.sslMode(pg.getSslMode()));
    if (physical) {
      // nothing to select: pg_basebackup copies every database
    } else if (Boolean.TRUE.equals(pg.getAllDatabases())) {
      args.add("--all-databases");
    } else {
      for (String db : pg.getDatabases()) {
        args.add("--database=" + db);
      }
    }
    if (!physical && Boolean.TRUE.equals(pg.getGlobals())) {
      args.add("--globals");
    }
    if (!physical && pg.getVerifyDepth() == io.cadang.api.v1alpha1.VerifyDepth.COUNTS) {
      args.add("--verify-depth=counts"); // checksums is the agent's default
    }
    return args;
  }

  public static OwnerReference ownerReference(io.fabric8.kubernetes.api.model.HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
