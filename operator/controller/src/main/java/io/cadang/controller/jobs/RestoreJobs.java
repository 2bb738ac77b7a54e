package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestSpec;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.api.v1alpha1.TargetDatabase;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job that performs one RestoreRequest, as a pure function of the request, the BackupRun it
 * restores, that run's policy (repository, key, agent placement) and the operator settings. The pod
 * is as locked down as a backup's; the target's credentials come from the request's own Secret, by
 * reference only.
 */
public final class RestoreJobs {
  public static final String COMPONENT = "restore";
  public static final String REQUEST_LABEL = "cadang.io/restore-request";

  private RestoreJobs() {}

  public static String jobName(RestoreRequest request) {
    return request.getMetadata().getName();
  }

  public static Job desired(
      RestoreRequest request, BackupRun run, BackupPolicy policy, OperatorSettings settings) {
    BackupPolicySpec policySpec = policy.getSpec();
    JobTemplate template = policySpec.getJob() == null ? new JobTemplate() : policySpec.getJob();
    TargetDatabase target = request.getSpec().getTarget().getDatabase();
    Repository primary = policySpec.getStorage().getPrimary();

    Map<String, String> labels = new HashMap<>();
    labels.put(BackupJobs.MANAGED_BY, "cadang");
    labels.put("app.kubernetes.io/name", "cadang-agent");
    labels.put("app.kubernetes.io/component", COMPONENT);
    labels.put(REQUEST_LABEL, request.getMetadata().getName());
    labels.put(BackupJobs.RUN_LABEL, run.getMetadata().getName());
    labels.put(BackupJobs.POLICY_LABEL, policy.getMetadata().getName());
    Map<String, String> podLabels = new HashMap<>(labels);
    if (template.getPodLabels() != null) {
      podLabels.putAll(template.getPodLabels());
    }

    List<EnvVar> env = new ArrayList<>();
    env.addAll(AgentContainers.postgresEnv(target.getCredentialsSecret()));
    env.addAll(AgentContainers.repositoryEnv(primary));
    env.addAll(AgentContainers.keyEnv(policySpec.getEncryption()));

    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(request))
        .withNamespace(request.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(BackupJobs.ownerReference(request))
        .endMetadata()
        .withNewSpec()
        // Never retried by Kubernetes: a second attempt would meet the half-restored target of the
        // first and be refused as "not empty" (or, with overwrite, hide the first failure).
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(template.getActiveDeadlineSeconds())
        .withTemplate(
            AgentPods.template(
                template,
                settings,
                podLabels,
                args(request.getSpec(), run.getStatus().getBackupId(), policySpec, primary),
                env,
                true))
        .endSpec()
        .build();
  }

  static List<String> args(
      RestoreRequestSpec spec, String backupId, BackupPolicySpec policy, Repository primary) {
    RestoreTarget target = spec.getTarget();
    TargetDatabase db = target.getDatabase();
    List<String> args = new ArrayList<>();
    args.add("restore");
    args.add(backupId);
    args.add("--host=" + db.getHost());
    args.add("--port=" + (db.getPort() == null ? 5432 : db.getPort()));
    args.add("--user=$(" + AgentContainers.PGUSER + ")");
    args.add(
        "--maintenance-db="
            + (db.getMaintenanceDatabase() == null ? "postgres" : db.getMaintenanceDatabase()));
    args.add("--sslmode=" + AgentContainers.sslMode(db.getSslMode()));
    if (target.getSourceDatabase() != null) {
      args.add("--database=" + target.getSourceDatabase());
    }
    if (db.getName() != null) {
      args.add("--target-db=" + db.getName());
    }
    if (Boolean.TRUE.equals(db.getCreateDatabase())) {
      args.add("--create");
    }
    if (Boolean.TRUE.equals(db.getOverwrite())) {
      args.add("--overwrite");
    }
    args.add("--jobs=" + (spec.getJobs() == null ? 2 : spec.getJobs()));
    if (Boolean.TRUE.equals(spec.getGlobals())) {
      args.add("--globals");
    }
    if (Boolean.FALSE.equals(spec.getVerify())) {
      args.add("--no-verify");
    }
    args.add("--scratch-dir=" + AgentContainers.SCRATCH_MOUNT);
    args.add("--repo=" + RepositoryUris.of(primary));
    args.addAll(AgentContainers.keyArgs(policy.getEncryption()));
    args.add("--result-file=" + AgentContainers.RESULT_FILE);
    return args;
  }
}
