package io.cadang.agent.configs;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves a kind to its REST resource (plural name, namespaced or not) by asking the API server,
 * so any kind it serves works, custom resources included, without compiled-in models. One lookup
 * per group/version per run.
 */
public final class ApiDiscovery {
  private final KubernetesClient client;
  private final Map<String, APIResourceList> byGroupVersion = new HashMap<>();

  public ApiDiscovery(KubernetesClient client) {
    this.client = client;
  }

  public ResourceDefinitionContext resolve(ResourceKind kind) throws ConfigsException {
    APIResourceList list = groupVersion(kind);
    for (APIResource r : list.getResources()) {
      // Subresources (deployments/scale, pods/log) share kinds with their parent; skip them.
      if (kind.kind().equals(r.getKind()) && !r.getName().contains("/")) {
        return new ResourceDefinitionContext.Builder()
            .withGroup(kind.group())
            .withVersion(kind.version())
            .withKind(kind.kind())
            .withPlural(r.getName())
            .withNamespaced(Boolean.TRUE.equals(r.getNamespaced()))
            .build();
      }
    }
    throw new ConfigsException(
        "the API server serves no kind "
            + kind.kind()
            + " in "
            + kind.apiVersion()
            + " (check the spelling and that its CRD is installed)");
  }

  private APIResourceList groupVersion(ResourceKind kind) throws ConfigsException {
    APIResourceList cached = byGroupVersion.get(kind.apiVersion());
    if (cached != null) {
      return cached;
    }
    APIResourceList list;
    try {
      list = client.getApiResources(kind.apiVersion());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw new ConfigsException(
            "API discovery of " + kind.apiVersion() + " failed: " + KubeErrors.describe(client, e),
            e);
      }
      list = null;
    }
    if (list == null || list.getResources() == null) {
      throw new ConfigsException(
          "the API server does not serve "
              + kind.apiVersion()
              + " (asked for "
              + kind
              + "; is its CRD installed?)");
    }
    byGroupVersion.put(kind.apiVersion(), list);
    return list;
  }
}
