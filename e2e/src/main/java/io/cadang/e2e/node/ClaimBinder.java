package io.cadang.e2e.node;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes a pod's claims Bound, so {@code kubectl get pvc} tells the truth: for a Pending claim it
 * creates a hostPath PersistentVolume on the claim's directory, pre-bound to the claim (claimRef
 * with uid, same storage class, access modes and size), sets the claim's volumeName (allowed once
 * on an unbound claim) and writes both statuses as Bound. The persistent-volume controller of
 * kube-controller-manager, if it runs, finds a consistent pair and keeps it; without it the claim
 * is Bound all the same. Chosen over provisioning because there is no provisioner here; the PV's
 * reclaim policy is Retain, so deleting the claim never deletes the data.
 */
final class ClaimBinder {
  private final KubernetesClient client;
  private final NodeDirs dirs;

  ClaimBinder(KubernetesClient client, NodeDirs dirs) {
    this.client = client;
    this.dirs = dirs;
  }

  /** The PV's name for a claim: deterministic, so a retry finds the one it made. */
  static String volumeName(PersistentVolumeClaim claim) {
    return "cadang-local-" + claim.getMetadata().getUid();
  }

  void ensureBound(String namespace, String claimName)
      throws ContainerConfigException, IOException {
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
    if (claim == null) {
      throw new ContainerConfigException("persistentvolumeclaim \"" + claimName + "\" not found");
    }
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      throw new ContainerConfigException(
          "persistentvolumeclaim \"" + claimName + "\" is being deleted");
    }
    Path dir = dirs.claim(namespace, claimName);
    Files.createDirectories(dir);
    if (claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase())) {
      return;
    }
    Map<String, Quantity> size =
        claim.getSpec().getResources() != null
                && claim.getSpec().getResources().getRequests() != null
                && claim.getSpec().getResources().getRequests().containsKey("storage")
            ? Map.of("storage", claim.getSpec().getResources().getRequests().get("storage"))
            : Map.of("storage", new Quantity("1Gi"));
    List<String> modes =
        claim.getSpec().getAccessModes() == null || claim.getSpec().getAccessModes().isEmpty()
            ? List.of("ReadWriteOnce")
            : claim.getSpec().getAccessModes();
    String pvName =
        claim.getSpec().getVolumeName() != null && !claim.getSpec().getVolumeName().isEmpty()
            ? claim.getSpec().getVolumeName()
            : volumeName(claim);
    PersistentVolume pv = client.persistentVolumes().withName(pvName).get();
    if (pv == null) {
      pv =
          client
              .persistentVolumes()
              .resource(
                  new PersistentVolumeBuilder()
                      .withNewMetadata()
                      .withName(pvName)
                      .addToLabels("app.kubernetes.io/managed-by", PodEvents.COMPONENT)
                      .endMetadata()
                      .withNewSpec()
                      .withCapacity(size)
                      .withAccessModes(modes)
                      .withStorageClassName(claim.getSpec().getStorageClassName())
                      .withVolumeMode(claim.getSpec().getVolumeMode())
                      .withPersistentVolumeReclaimPolicy("Retain")
                      .withNewHostPath()
                      .withPath(dir.toAbsolutePath().toString())
                      .withType("DirectoryOrCreate")
                      .endHostPath()
                      .withNewClaimRef()
                      .withApiVersion("v1")
                      .withKind("PersistentVolumeClaim")
                      .withNamespace(namespace)
                      .withName(claimName)
                      .withUid(claim.getMetadata().getUid())
                      .endClaimRef()
                      .endSpec()
                      .build())
              .create();
    }
    client
        .persistentVolumes()
        .withName(pvName)
        .editStatus(
            v -> {
              if (v.getStatus() == null) {
                v.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatus());
              }
              v.getStatus().setPhase("Bound");
              return v;
            });
    if (claim.getSpec().getVolumeName() == null || claim.getSpec().getVolumeName().isEmpty()) {
      client
          .persistentVolumeClaims()
          .inNamespace(namespace)
          .withName(claimName)
          .edit(
              c -> {
                c.getSpec().setVolumeName(pvName);
                return c;
              });
    }
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .withName(claimName)
        .editStatus(
            c -> {
              if (c.getStatus() == null) {
                c.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus());
              }
              c.getStatus().setPhase("Bound");
              c.getStatus().setCapacity(size);
              c.getStatus().setAccessModes(modes);
              return c;
            });
  }
}
