package io.cadang.agent.repository;

/**
 * The one rule for object keys, shared by every repository so that a key valid on S3 is valid on a
 * filesystem: '/'-separated relative segments, none empty, none "." or "..". This keeps a key from
 * escaping a filesystem root or a bucket prefix.
 */
final class ObjectKeys {
  private ObjectKeys() {}

  /** Returns the key if valid, else throws IllegalArgumentException naming it. */
  static String requireValid(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("invalid object key '" + key + "': empty");
    }
    if (key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "invalid object key '" + key + "': must be a relative '/'-separated path");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "invalid object key '" + key + "': empty, '.' or '..' segment");
      }
    }
    return key;
  }

  /**
   * A listing prefix is a key, a key followed by '/', or empty (everything). It is matched as a
   * plain string prefix, as S3 does.
   */
  static String requireValidPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    requireValid(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }
}
