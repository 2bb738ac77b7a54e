package io.cadang.agent.configs;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * Applies one object with server-side apply ({@code PATCH} with {@code
 * application/apply-patch+yaml}, field manager {@link #FIELD_MANAGER}, conflicts forced: a restore
 * means "make it as it was"). A dry run ({@code dryRun=All}) goes through admission and defaulting
 * without persisting, and its answer compared with the live object (both cleaned the way exports
 * are) tells whether the apply creates, changes or leaves the object alone.
 */
public final class ServerSideApplier {
  public static final String FIELD_MANAGER = "cadang-restore";

  private final KubernetesClient client;
  private final ApiDiscovery discovery;

  public ServerSideApplier(KubernetesClient client) {
    this.client = client;
    this.discovery = new ApiDiscovery(client);
  }

  /** Applies {@code object}; with {@code dryRun} nothing is persisted. */
  public ApplyOutcome apply(ResourceKind kind, Map<String, Object> object, boolean dryRun)
      throws ConfigsException {
    ResourceDefinitionContext context = discovery.resolve(kind);
    GenericKubernetesResource desired =
        Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
    String namespace = desired.getMetadata().getNamespace();
    String what = describe(kind, namespace, desired.getMetadata().getName());
    if (context.isNamespaceScoped() && (namespace == null || namespace.isEmpty())) {
      throw new ConfigsException(what + " has no namespace in the snapshot");
    }
    var all = client.genericKubernetesResources(context);
    Resource<GenericKubernetesResource> resource =
        context.isNamespaceScoped()
            ? all.inNamespace(namespace).resource(desired)
            : all.resource(desired);
    try {
      GenericKubernetesResource live = resource.get();
      GenericKubernetesResource after =
          resource.dryRun(dryRun).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      if (live == null) {
        return ApplyOutcome.CREATED;
      }
      return comparable(kind, live).equals(comparable(kind, after))
          ? ApplyOutcome.UNCHANGED
          : ApplyOutcome.CHANGED;
    } catch (KubernetesClientException e) {
      throw new ConfigsException(
          (dryRun ? "dry-run apply of " : "apply of ")
              + what
              + " failed: "
              + KubeErrors.describe(client, e),
          e);
    }
  }

  /** The object as an export would write it: what the snapshot can change. */
  private static Map<String, Object> comparable(ResourceKind kind, GenericKubernetesResource r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = Serialization.jsonMapper().convertValue(r, Map.class);
    tree.put("apiVersion", kind.apiVersion());
    tree.put("kind", kind.kind());
    return ObjectCleaner.clean(tree);
  }

  static String describe(ResourceKind kind, String namespace, String name) {
    return kind.kind()
        + " "
        + (namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
