package io.cadang.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small reads and writes of Cadang's resources through the generic API, as kubectl would. */
final class Cluster {
  private Cluster() {}

  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      cadang(KubernetesClient client, String kind) {
    return client.genericKubernetesResources("cadang.io/v1alpha1", kind);
  }

  /** Creates every document of a YAML text. */
  static void apply(KubernetesClient client, String yaml) {
    client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(item -> client.resource(item).create());
  }

  static List<GenericKubernetesResource> runsOf(
      KubernetesClient client, String namespace, String policy) {
    return cadang(client, "BackupRun")
        .inNamespace(namespace)
        .withLabel("cadang.io/policy", policy)
        .list()
        .getItems();
  }

  static Optional<String> phase(GenericKubernetesResource r) {
    return Optional.ofNullable((String) status(r).get("phase"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> status(GenericKubernetesResource r) {
    Object status = r.getAdditionalProperties().get("status");
    return status instanceof Map ? (Map<String, Object>) status : Map.of();
  }

  @SuppressWarnings("unchecked")
  static Optional<Map<String, Object>> condition(GenericKubernetesResource r, String type) {
    Object conditions = status(r).get("conditions");
    if (!(conditions instanceof List)) {
      return Optional.empty();
    }
    return ((List<Map<String, Object>>) conditions)
        .stream().filter(c -> type.equals(c.get("type"))).findFirst();
  }
}
