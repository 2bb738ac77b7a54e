package io.cadang.agent.configs;

/**
 * One object of a snapshot in its canonical form.
 *
 * @param kind the object's kind as exported
 * @param namespace its namespace, or null for a cluster-scoped object
 * @param name its name
 * @param path its path in the archive and in git ({@link ObjectPaths})
 * @param yaml its canonical YAML ({@link CanonicalYaml}, cleaned by {@link ObjectCleaner})
 */
public record ExportedObject(
    ResourceKind kind, String namespace, String name, String path, byte[] yaml) {

  /** "Kind ns/name" or "Kind name", as in results and logs. */
  public String describe() {
    return kind.kind() + " " + (namespace == null ? name : namespace + "/" + name);
  }
}
