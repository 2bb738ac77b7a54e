package io.cadang.agent.configs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces an object as the API server returns it to the configuration a person wrote: what the
 * server fills in (identity, versions, timestamps, field ownership, status, allocated cluster IPs)
 * changes without anyone changing the configuration, so keeping it would make every export differ
 * and every restore conflict. Pure: the input is not modified.
 */
public final class ObjectCleaner {
  /** Set by the server on every object; meaningless (or harmful) to re-apply. */
  static final List<String> SERVER_METADATA =
      List.of(
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "managedFields",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  /** Annotations written by clients or controllers, not by the object's author. */
  static final List<String> SERVER_ANNOTATIONS =
      List.of(
          "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision");

  private ObjectCleaner() {}

  /** A cleaned deep copy of {@code object} (a JSON tree as maps and lists). */
  public static Map<String, Object> clean(Map<String, Object> object) {
    Map<String, Object> copy = deepCopy(object);
    copy.remove("status");
    if (copy.get("metadata") instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) m;
      SERVER_METADATA.forEach(metadata::remove);
      if (metadata.get("annotations") instanceof Map<?, ?> a) {
        SERVER_ANNOTATIONS.forEach(a::remove);
        if (a.isEmpty()) {
          metadata.remove("annotations");
        }
      }
      if (metadata.get("labels") instanceof Map<?, ?> l && l.isEmpty()) {
        metadata.remove("labels");
      }
    }
    if ("Service".equals(copy.get("kind")) && "v1".equals(copy.get("apiVersion"))) {
      // Allocated by the API server from the cluster's service range; another cluster (a restore
      // target) has another range. "None" (headless) is a choice of the author and stays.
      if (copy.get("spec") instanceof Map<?, ?> spec && !"None".equals(spec.get("clusterIP"))) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
      }
    }
    return copy;
  }

  /**
   * A deep copy without null members: the API server writes some absent fields as null (a pod
   * template's {@code metadata.creationTimestamp}), and null and absent mean the same to it.
   */
  @SuppressWarnings("unchecked")
  static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (v != null) {
              copy.put(String.valueOf(k), deepCopy(v));
            }
          });
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      return (T) new java.util.ArrayList<>(list.stream().map(ObjectCleaner::deepCopy).toList());
    }
    return value;
  }
}
