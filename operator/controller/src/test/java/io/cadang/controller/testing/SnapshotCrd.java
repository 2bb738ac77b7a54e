package io.cadang.controller.testing;

import io.cadang.controller.snapshots.VolumeSnapshots;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The external-snapshotter's VolumeSnapshot CRD, reduced to what the mock needs (names, scope,
 * status subresource), and a stand-in for the snapshot controller that reports a snapshot's state.
 */
public final class SnapshotCrd {
  private SnapshotCrd() {}

  public static void install(KubernetesClient client) {
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(VolumeSnapshots.PLURAL + "." + VolumeSnapshots.GROUP)
            .endMetadata()
            .withNewSpec()
            .withGroup(VolumeSnapshots.GROUP)
            .withScope("Namespaced")
            .withNewNames()
            .withKind(VolumeSnapshots.KIND)
            .withPlural(VolumeSnapshots.PLURAL)
            .withSingular("volumesnapshot")
            .withListKind("VolumeSnapshotList")
            .endNames()
            .addNewVersion()
            .withName(VolumeSnapshots.VERSION)
            .withServed(true)
            .withStorage(true)
            .withNewSubresources()
            .withNewStatus()
            .endStatus()
            .endSubresources()
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  public static GenericKubernetesResource get(KubernetesClient client, String name) {
    return client
        .genericKubernetesResources(VolumeSnapshots.CONTEXT)
        .inNamespace(OperatorHarness.NAMESPACE)
        .withName(name)
        .get();
  }

  /** What the CSI snapshot controller would write into the snapshot's status. */
  public static void report(KubernetesClient client, String name, Map<String, Object> status) {
    GenericKubernetesResource snapshot = get(client, name);
    snapshot.getAdditionalProperties().put("status", status);
    client
        .genericKubernetesResources(VolumeSnapshots.CONTEXT)
        .inNamespace(OperatorHarness.NAMESPACE)
        .resource(snapshot)
        .updateStatus();
  }
}
