package io.cadang.controller.snapshots;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whether this cluster serves {@code snapshot.storage.k8s.io/v1 volumesnapshots}: asked through API
 * discovery, which every authenticated client may read, so no RBAC on CRDs is needed.
 */
public final class SnapshotApi {
  public static final String MISSING =
      "the VolumeSnapshot API (snapshot.storage.k8s.io/v1 volumesnapshots) is not served by this"
          + " cluster: install the external-snapshotter CRDs and controller and a CSI driver with"
          + " snapshot support";

  private final KubernetesClient client;

  public SnapshotApi(KubernetesClient client) {
    this.client = client;
  }

  public boolean served() {
    APIResourceList resources;
    try {
      resources = client.getApiResources(VolumeSnapshots.GROUP + "/" + VolumeSnapshots.VERSION);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e; // transient: the caller's reconcile is retried
    }
    return resources != null
        && resources.getResources() != null
        && resources.getResources().stream()
            .anyMatch(r -> VolumeSnapshots.PLURAL.equals(r.getName()));
  }
}
