package io.cadang.agent.configs;

import java.nio.charset.StandardCharsets;

/**
 * Where an exported object lives in the archive and in git: {@code
 * <namespace|_cluster>/<group|core>/<Kind>/<name>.yaml}. Names are percent-encoded outside {@code
 * [A-Za-z0-9._-]} (RBAC names hold ':', which some checkouts cannot store), so the path is a pure
 * function of the object's identity and sorts the same everywhere.
 */
public final class ObjectPaths {
  /** Namespaces cannot start with '_', so this never collides with one. */
  public static final String CLUSTER = "_cluster";

  private ObjectPaths() {}

  public static String of(ResourceKind kind, String namespace, String name) {
    return (namespace == null || namespace.isEmpty() ? CLUSTER : encode(namespace))
        + "/"
        + encode(kind.groupSegment())
        + "/"
        + encode(kind.kind())
        + "/"
        + encode(name)
        + ".yaml";
  }

  static String encode(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || (c == '.' && out.length() > 0);
      out.append(safe ? Character.toString(c) : String.format("%%%02X", c));
    }
    return out.toString();
  }
}
