package io.cadang.controller.snapshots;

import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.BackupRun;
import io.cadang.api.v1alpha1.VolumeSnapshotStatus;
import io.cadang.api.v1alpha1.VolumeSnapshotsSource;
import io.cadang.controller.jobs.BackupJobs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CSI {@code snapshot.storage.k8s.io/v1 VolumeSnapshot} objects of a volumeSnapshots run, as
 * pure functions over fabric8's untyped resources (the snapshot API is not part of core Kubernetes,
 * so no typed model is needed or assumed). Each snapshot is owned by its run: deleting the run (a
 * user, or retention) lets the garbage collector delete the snapshot.
 */
public final class VolumeSnapshots {
  public static final String GROUP = "snapshot.storage.k8s.io";
  public static final String VERSION = "v1";
  public static final String KIND = "VolumeSnapshot";
  public static final String PLURAL = "volumesnapshots";

  /** Addressed explicitly, so no discovery round trip is needed to create or read one. */
  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(KIND)
          .withPlural(PLURAL)
          .withNamespaced(true)
          .build();

  /** Object names are DNS subdomains; kept to a label's 63 so tools that label by name cope. */
  static final int MAX_NAME = 63;

  private VolumeSnapshots() {}

  /** {@code <run>-<claim>}, or when longer than 63 a prefix of it plus a hash of the whole. */
  public static String name(String run, String claim) {
    String full = run + "-" + claim;
    if (full.length() <= MAX_NAME) {
      return full;
    }
    String hash = sha256(full).substring(0, 8);
    String prefix = full.substring(0, MAX_NAME - hash.length() - 1).replaceAll("[-.]+$", "");
    return prefix + "-" + hash;
  }

  public static GenericKubernetesResource desired(
      BackupRun run, BackupPolicy policy, String claim) {
    VolumeSnapshotsSource source = policy.getSpec().getSource().getVolumeSnapshots();
    Map<String, Object> spec = new LinkedHashMap<>();
    if (source.getVolumeSnapshotClassName() != null) {
      spec.put("volumeSnapshotClassName", source.getVolumeSnapshotClassName());
    }
    spec.put("source", Map.of("persistentVolumeClaimName", claim));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(BackupJobs.MANAGED_BY, "cadang");
    labels.put(BackupJobs.RUN_LABEL, run.getMetadata().getName());
    labels.put(BackupJobs.POLICY_LABEL, policy.getMetadata().getName());
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/" + VERSION)
        .withKind(KIND)
        .withNewMetadata()
        .withName(name(run.getMetadata().getName(), claim))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(BackupJobs.ownerReference(run))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /**
   * The snapshot's state for the run's status; {@code snapshot} null means it is gone (deleted by
   * someone before it was ready), which is reported as an error.
   */
  public static VolumeSnapshotStatus status(
      String claim, String name, GenericKubernetesResource snapshot) {
    VolumeSnapshotStatus s = new VolumeSnapshotStatus();
    s.setClaim(claim);
    s.setName(name);
    s.setReadyToUse(false);
    if (snapshot == null) {
      s.setError("the VolumeSnapshot was deleted before it was ready to use");
      return s;
    }
    Object status = snapshot.getAdditionalProperties().get("status");
    if (status instanceof Map<?, ?> st) {
      s.setReadyToUse(Boolean.TRUE.equals(st.get("readyToUse")));
      if (st.get("restoreSize") != null) {
        s.setRestoreSize(String.valueOf(st.get("restoreSize")));
      }
      if (st.get("error") instanceof Map<?, ?> error && error.get("message") != null) {
        s.setError(String.valueOf(error.get("message")));
      }
    }
    return s;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
