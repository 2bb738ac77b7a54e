package io.cadang.controller.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupPolicySpec;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.ConfigsTarget;
import io.cadang.api.v1alpha1.DataDirectoryTarget;
import io.cadang.api.v1alpha1.FilesTarget;
import io.cadang.api.v1alpha1.JobTemplate;
import io.cadang.api.v1alpha1.PointInTime;
import io.cadang.api.v1alpha1.Repository;
import io.cadang.api.v1alpha1.RestoreRequest;
import io.cadang.api.v1alpha1.RestoreRequestSpec;
import io.cadang.api.v1alpha1.RestoreTarget;
import io.cadang.api.v1alpha1.ScratchTarget;
import io.cadang.api.v1alpha1.TargetDatabase;
import io.cadang.controller.pitr.PhysicalBackups;
import io.cadang.controller.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Job that performs one RestoreRequest, as a pure function of the request, the BackupRun it
 * restores, that run's policy (repository, key, agent placement) and the operator settings. The pod
 * is as locked down as a backup's; the target's credentials come from the request's own Secret, by
 * reference only.
 */
public final class RestoreJobs {
  public static final String COMPONENT = "restore";
  public static final String REQUEST_LABEL = "cadang.io/restore-request";
  public static final String RESTORE_MOUNT = "/restore";

  /** The agent reads application checks from here (JSON; restore and recover --checks). */
  public static final String CHECKS_ENV = "CADANG_CHECKS";

  private static final long MIN_SCRATCH_BYTES = 2L << 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RestoreJobs() {}

  public static String jobName(RestoreRequest request) {
    return request.getMetadata().getName();
  }

  public static Job desired(
      RestoreRequest request, BackupRun run, BackupPolicy policy, OperatorSettings settings) {
    BackupPolicySpec policySpec = policy.getSpec();
    JobTemplate template = policySpec.getJob() == null ? new JobTemplate() : policySpec.getJob();
    RestoreTarget restoreTarget = request.getSpec().getTarget();
    TargetDatabase target = restoreTarget.getDatabase();
    DataDirectoryTarget dataDirectory = restoreTarget.getDataDirectory();
    Repository primary = repository(policy, request.getSpec().getSource().getRepository());
    boolean physical = PhysicalBackups.isPhysical(run);
    String kind = RunKinds.of(run);
    if (restoreTarget.getFiles() != null || restoreTarget.getConfigs() != null) {
      String wanted = restoreTarget.getFiles() != null ? RunKinds.FILES : RunKinds.CONFIGS;
      if (!wanted.equals(kind)) {
        throw new IllegalArgumentException(
            "spec.target."
                + wanted
                + " needs a "
                + wanted
                + " backup; BackupRun '"
                + run.getMetadata().getName()
                + "' is a "
                + kind
                + " backup");
      }
    } else if (RunKinds.FILES.equals(kind) || RunKinds.CONFIGS.equals(kind)) {
      throw new IllegalArgumentException(
          "BackupRun '"
              + run.getMetadata().getName()
              + "' is a "
              + kind
              + " backup: restore it with spec.target."
              + kind);
    } else if (!physical && target == null && restoreTarget.getScratch() == null) {
      throw new IllegalArgumentException(
          "spec.target.dataDirectory needs a physical base backup; BackupRun '"
              + run.getMetadata().getName()
              + "' is a logical backup: restore it into a database");
    }

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
    if (target != null) {
      env.addAll(AgentContainers.postgresEnv(target.getCredentialsSecret()));
    }
    env.addAll(AgentContainers.repositoryEnv(primary));
    env.addAll(AgentContainers.keyEnv(policySpec.getEncryption()));
    checksEnv(request.getSpec(), policySpec).ifPresent(env::add);

    List<String> args;
    if (restoreTarget.getFiles() != null) {
      args =
          filesArgs(
              restoreTarget.getFiles(),
              run.getStatus().getBackupId(),
              policySpec,
              readerUri(request.getSpec(), primary));
    } else if (restoreTarget.getConfigs() != null) {
      args =
          configsArgs(
              restoreTarget.getConfigs(),
              run.getStatus().getBackupId(),
              policySpec,
              readerUri(request.getSpec(), primary));
    } else if (physical) {
      args = recoverArgs(request.getSpec(), run, policySpec, readerUri(request.getSpec(), primary));
    } else if (restoreTarget.getScratch() != null) {
      args =
          scratchArgs(
              request.getSpec(),
              run.getStatus().getBackupId(),
              policySpec,
              readerUri(request.getSpec(), primary));
    } else {
      args =
          args(
              request.getSpec(),
              run.getStatus().getBackupId(),
              policySpec,
              readerUri(request.getSpec(), primary));
    }
    PodTemplateSpec pod = AgentPods.template(template, settings, podLabels, args, env, true);
    if (restoreTarget.getScratch() != null) {
      AgentPods.limitScratch(pod, scratchSize(restoreTarget.getScratch(), run));
    }
    if (restoreTarget.getFiles() != null) {
      AgentPods.mountClaim(
          pod, "restore", restoreTarget.getFiles().getClaimName(), RESTORE_MOUNT, false);
    }
    if (dataDirectory != null) {
      pod.getSpec()
          .getVolumes()
          .add(
              new VolumeBuilder()
                  .withName("restore")
                  .withNewPersistentVolumeClaim()
                  .withClaimName(dataDirectory.getClaimName())
                  .endPersistentVolumeClaim()
                  .build());
      pod.getSpec()
          .getContainers()
          .get(0)
          .getVolumeMounts()
          .add(new VolumeMountBuilder().withName("restore").withMountPath(RESTORE_MOUNT).build());
    }

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
        .withTemplate(pod)
        .endSpec()
        .build();
  }

  /**
   * {@code cadang recover} for a physical base backup, into the claim of the dataDirectory target
   * (the reconciler refuses database targets for physical backups until a logical hand-off exists).
   */
  static List<String> recoverArgs(
      RestoreRequestSpec spec, BackupRun run, BackupPolicySpec policy, String repoUri) {
    RestoreTarget target = spec.getTarget();
    List<String> args = new ArrayList<>();
    args.add("recover");
    args.add("--repo=" + repoUri);
    args.addAll(AgentContainers.keyArgs(policy.getEncryption()));
    args.add("--backup-id=" + run.getStatus().getBackupId());
    if (target.getScratch() != null) {
      // A drill recovers into the pod's own scratch volume and discards the copy once checked.
      args.add("--data-dir=" + AgentContainers.SCRATCH_MOUNT + "/pgdata");
      args.add("--discard");
    } else {
      args.add("--data-dir=" + dataDir(target));
    }
    if (!Boolean.FALSE.equals(spec.getVerify())) {
      args.add("--amcheck");
    }
    PointInTime pit = spec.getSource().getPointInTime();
    if (pit != null && pit.getTime() != null) {
      args.add("--time=" + pit.getTime());
    } else if (pit != null && pit.getLsn() != null) {
      args.add("--lsn=" + pit.getLsn());
    } else if (pit != null && Boolean.TRUE.equals(pit.getLatest())) {
      args.add("--latest");
    } else {
      // A plain backup source means that backup: its end is its first consistent point.
      String stop = run.getStatus().getPostgres().getStopLsn();
      if (stop == null) {
        throw new IllegalArgumentException(
            "BackupRun '" + run.getMetadata().getName() + "' has no stopLsn in status.postgres");
      }
      args.add("--lsn=" + stop);
    }
    args.add("--result-file=" + AgentContainers.RESULT_FILE);
    return args;
  }

  /**
   * {@code restore --scratch-server}: a throwaway PostgreSQL in this pod, on its scratch volume,
   * receives the backup (with its roles when it has them); no connection to any server.
   */
  static List<String> scratchArgs(
      RestoreRequestSpec spec, String backupId, BackupPolicySpec policy, String repoUri) {
    List<String> args = new ArrayList<>();
    args.add("restore");
    args.add(backupId);
    args.add("--scratch-server");
    if (spec.getTarget().getSourceDatabase() != null) {
      args.add("--database=" + spec.getTarget().getSourceDatabase());
    }
    logicalTail(args, spec, policy, repoUri);
    return args;
  }

  /**
   * The policy's application checks for the agent (spec.verify.queries, as JSON in CADANG_CHECKS),
   * unless the request turns verification off.
   */
  public static Optional<EnvVar> checksEnv(RestoreRequestSpec spec, BackupPolicySpec policy) {
    if (Boolean.FALSE.equals(spec.getVerify())
        || policy.getVerify() == null
        || policy.getVerify().getQueries() == null
        || policy.getVerify().getQueries().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new EnvVar(CHECKS_ENV, JSON.writeValueAsString(policy.getVerify().getQueries()), null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render spec.verify.queries", e);
    }
  }

  /**
   * The scratch volume's limit: as given, else ten times the backup as stored (a compressed dump
   * grows several times over as tables plus indexes, and is staged there too), at least 2Gi.
   */
  static Quantity scratchSize(ScratchTarget scratch, BackupRun run) {
    if (scratch.getSizeLimit() != null) {
      return new Quantity(scratch.getSizeLimit());
    }
    Long stored = run.getStatus() == null ? null : run.getStatus().getStoredBytes();
    long bytes = Math.max(MIN_SCRATCH_BYTES, stored == null ? 0 : stored * 10);
    long gib = (bytes + (1L << 30) - 1) >> 30;
    return new Quantity(gib + "Gi");
  }

  /** The reader's URI of the restore's repository, as of spec.source.repositoryAsOf if set. */
  static String readerUri(RestoreRequestSpec spec, Repository repository) {
    return RepositoryUris.asOf(
        repository, spec.getSource() == null ? null : spec.getSource().getRepositoryAsOf());
  }

  /**
   * The repository a restore reads from: the primary, or the replica named by {@code
   * spec.source.repository} (e.g. when the primary's region is gone). The agent gets that
   * repository's URI and credentials as if it were the primary.
   */
  public static Repository repository(BackupPolicy policy, String name) {
    Repository primary = policy.getSpec().getStorage().getPrimary();
    if (name == null || name.equals(primary.getName())) {
      return primary;
    }
    List<Repository> replicas = ReplicaArgs.replicas(policy.getSpec().getStorage());
    return replicas.stream()
        .filter(r -> name.equals(r.getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "spec.source.repository: '"
                        + name
                        + "' is not a repository of BackupPolicy '"
                        + policy.getMetadata().getName()
                        + "' (primary "
                        + primary.getName()
                        + (replicas.isEmpty()
                            ? ", no replicas"
                            : ", replicas "
                                + String.join(
                                    ", ", replicas.stream().map(Repository::getName).toList()))
                        + ")"));
  }

  /**
   * {@code restore --files-into=/restore [--sub-path=S] [--overwrite] --backup-id --repo}: the
   * claim is mounted read-write at /restore; the agent verifies every file afterwards.
   */
  static List<String> filesArgs(
      FilesTarget files, String backupId, BackupPolicySpec policy, String repoUri) {
    List<String> args = new ArrayList<>();
    args.add("restore");
    args.add("--files-into=" + RESTORE_MOUNT);
    if (files.getSubPath() != null && !files.getSubPath().isBlank()) {
      args.add("--sub-path=" + files.getSubPath());
    }
    if (Boolean.TRUE.equals(files.getOverwrite())) {
      args.add("--overwrite");
    }
    args.add("--backup-id=" + backupId);
    repositoryKeyAndResult(args, policy, repoUri);
    return args;
  }

  /** {@code restore --configs [--dry-run] [--namespace=N]... --backup-id --repo}. */
  static List<String> configsArgs(
      ConfigsTarget configs, String backupId, BackupPolicySpec policy, String repoUri) {
    List<String> args = new ArrayList<>();
    args.add("restore");
    args.add("--configs");
    if (Boolean.TRUE.equals(configs.getDryRun())) {
      args.add("--dry-run");
    }
    if (configs.getNamespaces() != null) {
      for (String namespace : configs.getNamespaces()) {
        args.add("--namespace=" + namespace);
      }
    }
    args.add("--backup-id=" + backupId);
    repositoryKeyAndResult(args, policy, repoUri);
    return args;
  }

  /** Where the recovered cluster goes; a fresh volume's root may hold lost+found, so a subPath. */
  static String dataDir(RestoreTarget target) {
    DataDirectoryTarget dir = target.getDataDirectory();
    return RESTORE_MOUNT + "/" + (dir.getSubPath() == null ? "pgdata" : dir.getSubPath());
  }

  static List<String> args(
      RestoreRequestSpec spec, String backupId, BackupPolicySpec policy, String repoUri) {
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
      if (spec.getMode() == io.cadang.api.v1alpha1.RestoreMode.DRILL) {
        // A drill measures and verifies; its scratch copy is not kept, so the next drill (a
        // scheduled one a minute or six months later) finds its target empty.
        args.add("--drop-created");
      }
    }
    if (Boolean.TRUE.equals(db.getOverwrite())) {
      args.add("--overwrite");
    }
    if (Boolean.TRUE.equals(spec.getGlobals())) {
      args.add("--globals");
    }
    logicalTail(args, spec, policy, repoUri);
    return args;
  }

  /** What every logical restore ends with: parallelism, verification and staging, then the rest. */
  private static void logicalTail(
      List<String> args, RestoreRequestSpec spec, BackupPolicySpec policy, String repoUri) {
    args.add("--jobs=" + (spec.getJobs() == null ? 2 : spec.getJobs()));
    if (Boolean.FALSE.equals(spec.getVerify())) {
      args.add("--no-verify");
    }
    args.add("--scratch-dir=" + AgentContainers.SCRATCH_MOUNT);
    repositoryKeyAndResult(args, policy, repoUri);
  }

  /** The repository to read, the master key to open it with, where the result goes. */
  private static void repositoryKeyAndResult(
      List<String> args, BackupPolicySpec policy, String repoUri) {
    args.add("--repo=" + repoUri);
    args.addAll(AgentContainers.keyArgs(policy.getEncryption()));
    args.add("--result-file=" + AgentContainers.RESULT_FILE);
  }
}
