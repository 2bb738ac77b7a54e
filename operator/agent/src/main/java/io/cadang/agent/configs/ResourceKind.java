package io.cadang.agent.configs;

import java.util.Comparator;

/**
 * A kind of Kubernetes object as the user names it: {@code apps/v1/Deployment}, {@code
 * v1/ConfigMap} (the core group has no group segment) or a custom resource such as {@code
 * example.com/v1/Widget}.
 *
 * @param group API group, "" for the core group
 * @param version API version, e.g. {@code v1}
 * @param kind the kind, e.g. {@code Deployment}
 */
public record ResourceKind(String group, String version, String kind)
    implements Comparable<ResourceKind> {
  public static final ResourceKind SECRET = new ResourceKind("", "v1", "Secret");

  private static final Comparator<ResourceKind> ORDER =
      Comparator.comparing(ResourceKind::group)
          .thenComparing(ResourceKind::kind)
          .thenComparing(ResourceKind::version);

  /** Parses {@code [group/]version/Kind}; a wrong shape is a one-line IllegalArgumentException. */
  public static ResourceKind parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("/", -1);
    for (String p : parts) {
      if (p.isEmpty()) {
        parts = new String[0];
      }
    }
    if (parts.length == 2) {
      return new ResourceKind("", parts[0], parts[1]);
    }
    if (parts.length == 3) {
      return new ResourceKind(parts[0], parts[1], parts[2]);
    }
    throw new IllegalArgumentException(
        "invalid resource '"
            + text
            + "': use apiVersion/Kind, e.g. apps/v1/Deployment or v1/ConfigMap");
  }

  /** From an object's {@code apiVersion} and {@code kind} fields. */
  public static ResourceKind of(String apiVersion, String kind) {
    return parse(apiVersion + "/" + kind);
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The path segment for the group: {@code core} for the core group. */
  public String groupSegment() {
    return group.isEmpty() ? "core" : group;
  }

  /** Core v1 Secrets: never written to git, whatever the exclusions say. */
  public boolean isSecret() {
    return group.isEmpty() && "Secret".equals(kind);
  }

  @Override
  public int compareTo(ResourceKind other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return apiVersion() + "/" + kind;
  }
}
