package io.cadang.controller.sync;

import io.cadang.agent.manifest.BackupManifest;
import io.cadang.api.v1alpha1.Artifact;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.BackupRunPhase;
import io.cadang.api.v1alpha1.BackupRunSpec;
import io.cadang.api.v1alpha1.BackupRunStatus;
import io.cadang.api.v1alpha1.BackupTrigger;
import io.cadang.api.v1alpha1.ConditionReason;
import io.cadang.api.v1alpha1.ConditionType;
import io.cadang.api.v1alpha1.ConfigsSummary;
import io.cadang.api.v1alpha1.FilesSummary;
import io.cadang.api.v1alpha1.PolicyReference;
import io.cadang.api.v1alpha1.PostgresFacts;
import io.cadang.api.v1alpha1.ReplicaStatus;
import io.cadang.api.v1alpha1.ReplicationState;
import io.cadang.controller.jobs.BackupJobs;
import io.cadang.controller.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The BackupRun of a backup found in a repository, as pure functions of the policy and the
 * manifest. The run's name is the backup id whenever that is a valid object name — it is for every
 * backup the operator made, whose id is its run's name — so a run deleted while its data was kept
 * comes back under the name it had, and a second pass (or a second operator replica) creates
 * nothing new.
 */
public final class ImportedRuns {
  /** Label on imported runs, so {@code kubectl get cbr -l cadang.io/origin=imported} finds them. */
  public static final String ORIGIN_LABEL = "cadang.io/origin";

  public static final String IMPORTED = "imported";

  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final int MAX_NAME = 253;

  private ImportedRuns() {}

  /** The run name for a backup id: the id itself, or a sanitized form plus a hash of the id. */
  public static String name(String backupId) {
    if (backupId.length() <= MAX_NAME && DNS_NAME.matcher(backupId).matches()) {
      return backupId;
    }
    String base = backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    base = base.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    if (base.length() > 60) {
      base = base.substring(0, 60).replaceAll("[^a-z0-9]+$", "");
    }
    String hash = sha256(backupId).substring(0, 10);
    return base.isEmpty() ? "imported-" + hash : base + "-" + hash;
  }

  public static boolean isImported(BackupRun run) {
    return run.getSpec() != null && run.getSpec().getTrigger() == BackupTrigger.IMPORTED;
  }

  static BackupRun desired(BackupPolicy policy, ImportedBackup backup) {
    String policyName = policy.getMetadata().getName();
    BackupRunSpec spec = new BackupRunSpec();
    PolicyReference ref = new PolicyReference();
    ref.setName(policyName);
    spec.setPolicyRef(ref);
    spec.setTrigger(BackupTrigger.IMPORTED);
    BackupRun run = new BackupRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(backup.backupId()))
            .withNamespace(policy.getMetadata().getNamespace())
            .addToLabels(BackupJobs.POLICY_LABEL, policyName)
            .addToLabels(BackupJobs.MANAGED_BY, "cadang")
            .addToLabels(ORIGIN_LABEL, IMPORTED)
            // Owned by the policy: deleting it removes the runs, never the data.
            .withOwnerReferences(BackupJobs.ownerReference(policy))
            .build());
    run.setSpec(spec);
    return run;
  }

  /** Status as the Job's report would have written it, taken from the manifest. */
  static BackupRunStatus status(ImportedBackup b, long generation, Instant now) {
    BackupRunStatus s = new BackupRunStatus();
    s.setPhase(BackupRunPhase.SUCCEEDED);
    s.setObservedGeneration(generation);
    s.setStartTime(b.startedAt().toString());
    s.setCompletionTime(b.finishedAt().toString());
    s.setDurationSeconds(Math.max(0, Duration.between(b.startedAt(), b.finishedAt()).toSeconds()));
    s.setBackupId(b.backupId());
    s.setKind(b.kind());
    s.setTotalBytes(b.rawBytes());
    s.setStoredBytes(b.storedBytes());
    s.setKeyId(b.keyId());
    s.setKeyVersion(b.keyVersion());
    if (b.serverVersion() != null || b.physical() != null) {
      PostgresFacts facts = new PostgresFacts();
      facts.setServerVersion(b.serverVersion());
      if (b.physical() != null) {
        facts.setStartLsn(b.physical().startLsn());
        facts.setStopLsn(b.physical().stopLsn());
        facts.setTimeline(b.physical().timeline());
        facts.setSystemIdentifier(b.physical().systemIdentifier());
      }
      s.setPostgres(facts);
    }
    s.setFiles(files(b.files()));
    s.setConfigs(configs(b.configs()));
    s.setArtifacts(
        b.objects().stream()
            .map(
                o -> {
                  Artifact a = new Artifact();
                  a.setRepository(b.repository());
                  a.setKey(o.key());
                  a.setBytes(o.rawBytes());
                  a.setStoredBytes(o.storedBytes());
                  a.setSha256(o.sha256());
                  return a;
                })
            .toList());
    List<String> replicas = b.holders().stream().filter(h -> !h.equals(b.repository())).toList();
    if (!replicas.isEmpty()) {
      s.setReplication(
          replicas.stream()
              .map(
                  r -> {
                    ReplicaStatus rs = new ReplicaStatus();
                    rs.setRepository(r);
                    rs.setState(ReplicationState.REPLICATED);
                    rs.setMessage("found complete in the repository by a sync");
                    return rs;
                  })
              .toList());
    }
    s.setConditions(
        Conditions.with(
            null,
            ConditionType.COMPLETE,
            true,
            ConditionReason.IMPORTED,
            "imported from repository '"
                + b.repository()
                + "': backup "
                + b.backupId()
                + " finished "
                + b.finishedAt()
                + (replicas.isEmpty() ? "" : "; also complete in " + String.join(", ", replicas)),
            generation,
            now));
    return s;
  }

  private static FilesSummary files(BackupManifest.Files f) {
    if (f == null) {
      return null;
    }
    FilesSummary s = new FilesSummary();
    s.setEntries(f.entries());
    s.setRegularFiles(f.regularFiles());
    s.setBytes(f.bytes());
    s.setChangedCount(f.changedCount());
    s.setChanged(
        f.changedDuringRead() == null || f.changedDuringRead().isEmpty()
            ? null
            : f.changedDuringRead());
    return s;
  }

  private static ConfigsSummary configs(BackupManifest.Configs c) {
    if (c == null) {
      return null;
    }
    ConfigsSummary s = new ConfigsSummary();
    s.setObjects((long) c.objects());
    s.setSecrets((long) c.secrets());
    if (c.git() != null) {
      s.setGitUrl(c.git().url());
      s.setGitBranch(c.git().branch());
      s.setGitCommit(c.git().commit());
      s.setGitPushed(c.git().pushed());
    }
    return s;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
