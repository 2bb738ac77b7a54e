package io.cadang.agent.configs;

import java.util.List;
import java.util.TreeSet;

/**
 * What a config snapshot covers.
 *
 * @param resources kinds to export (each resolved through API discovery)
 * @param namespaces namespaces searched for namespaced kinds; ignored for cluster-scoped ones
 * @param selector label selector as a string ({@code app=luxima,tier!=cache}), or null for all
 */
public record ConfigSelection(
    List<ResourceKind> resources, List<String> namespaces, String selector) {
  public ConfigSelection {
    if (resources == null || resources.isEmpty()) {
      throw new IllegalArgumentException("a config snapshot needs at least one --resource");
    }
    if (namespaces == null || namespaces.isEmpty()) {
      throw new IllegalArgumentException("a config snapshot needs at least one namespace");
    }
    // Sorted and without duplicates, so the same request always walks the API in the same order.
    resources = List.copyOf(new TreeSet<>(resources));
    namespaces = List.copyOf(new TreeSet<>(namespaces));
    selector = selector == null || selector.isBlank() ? null : selector.trim();
  }
}
