package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.PostgresSource;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
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

  private BackupJobs() {}

  public static String jobName(BackupRun run) {
    return run.getMetadata().getName();
  }

  public static Job desired(BackupRun run, BackupPolicy policy, OperatorSettings settings) {
    BackupPolicySpec spec = policy.getSpec();
    JobTemplate template = spec.getJob() == null ? new JobTemplate() : spec.getJob();
    PostgresSource pg = spec.getSource().getPostgres();
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
    env.addAll(AgentContainers.postgresEnv(pg.getCredentialsSecret()));
    env.addAll(AgentContainers.repositoryEnv(primary));
    env.addAll(AgentContainers.keyEnv(spec.getEncryption()));

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
        .withTemplate(
            AgentPods.template(
                template, settings, podLabels, args(run, spec, pg, primary), env, false))
        .endSpec()
        .build();
  }

  static List<String> args(
      BackupRun run, BackupPolicySpec spec, PostgresSource pg, Repository primary) {
    List<String> args = new ArrayList<>();
    args.add("backup");
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
    args.add(
        "--sslmode="
            + (pg.getSslMode() == null
                ? "prefer"
                : pg.getSslMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
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
    args.add("--backup-id=" + run.getMetadata().getName());
    args.add("--repo=" + RepositoryUris.of(primary));
    args.addAll(AgentContainers.keyArgs(spec.getEncryption()));
    args.add("--result-file=" + AgentContainers.RESULT_FILE);
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
