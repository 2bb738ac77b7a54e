package io.cadang.agent.configs;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists the selected objects and turns each into its canonical form. The result is sorted by path
 * and holds each object once, so two exports of unchanged objects are identical byte for byte.
 */
public final class ConfigExporter {
  private final KubernetesClient client;
  private final ApiDiscovery discovery;

  public ConfigExporter(KubernetesClient client) {
    this.client = client;
    this.discovery = new ApiDiscovery(client);
  }

  public List<ExportedObject> export(ConfigSelection selection) throws ConfigsException {
    Map<String, ExportedObject> byPath = new TreeMap<>();
    for (ResourceKind kind : selection.resources()) {
      ResourceDefinitionContext context = discovery.resolve(kind);
      if (context.isNamespaceScoped()) {
        for (String namespace : selection.namespaces()) {
          for (GenericKubernetesResource r : list(kind, context, namespace, selection.selector())) {
            add(byPath, kind, r);
          }
        }
      } else {
        for (GenericKubernetesResource r : list(kind, context, null, selection.selector())) {
          add(byPath, kind, r);
        }
      }
    }
    List<ExportedObject> objects = new ArrayList<>(byPath.values());
    objects.sort(Comparator.comparing(ExportedObject::path));
    return objects;
  }

  /** The canonical form of one object as the API server returned it. */
  public static ExportedObject canonical(ResourceKind kind, GenericKubernetesResource resource) {
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = Serialization.jsonMapper().convertValue(resource, Map.class);
    // A list response leaves apiVersion and kind out of its items on some servers.
    tree.put("apiVersion", kind.apiVersion());
    tree.put("kind", kind.kind());
    Map<String, Object> clean = ObjectCleaner.clean(tree);
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    return new ExportedObject(
        kind,
        namespace == null || namespace.isEmpty() ? null : namespace,
        name,
        ObjectPaths.of(kind, namespace, name),
        CanonicalYaml.write(clean));
  }

  private static void add(
      Map<String, ExportedObject> byPath, ResourceKind kind, GenericKubernetesResource r) {
    ExportedObject o = canonical(kind, r);
    byPath.put(o.path(), o);
  }

  private List<GenericKubernetesResource> list(
      ResourceKind kind, ResourceDefinitionContext context, String namespace, String selector)
      throws ConfigsException {
    try {
      var all = client.genericKubernetesResources(context);
      FilterWatchListDeletable<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          scope = namespace == null ? all : all.inNamespace(namespace);
      if (selector != null) {
        scope = scope.withLabelSelector(selector);
      }
      List<GenericKubernetesResource> items = scope.list().getItems();
      return items == null ? List.of() : items;
    } catch (KubernetesClientException e) {
      String where = namespace == null ? "cluster-wide" : "in namespace " + namespace;
      String hint =
          e.getCode() == 403
              ? " (the service account needs get/list on "
                  + context.getPlural()
                  + (kind.group().isEmpty() ? "" : "." + kind.group())
                  + "; see docs/configs.md)"
              : "";
      throw new ConfigsException(
          "cannot list " + kind + " " + where + ": " + KubeErrors.describe(client, e) + hint, e);
    }
  }
}
