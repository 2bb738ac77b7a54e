package io.cadang.agent.files;

import java.util.List;

/**
 * Paths a user gives relative to a root (backup {@code --path}, restore {@code --sub-path}): never
 * absolute and never through {@code ..}, so nothing outside the root is read or written.
 */
final class RelativePaths {
  private RelativePaths() {}

  /** The path without {@code ./} and trailing slashes ({@code .} for the root itself). */
  static String check(String option, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException(option + " must not be empty");
    }
    if (path.startsWith("/")) {
      throw new IllegalArgumentException(
          option + " '" + path + "' must be relative (no leading '/')");
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(option + " '" + path + "' contains a NUL character");
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException(option + " '" + path + "' must not contain '..'");
      }
    }
    String clean =
        new String(
            TarStreamParser.normalize(path.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            java.nio.charset.StandardCharsets.UTF_8);
    return clean;
  }

  static List<String> checkAll(String option, List<String> paths) {
    return paths.stream().map(p -> check(option, p)).distinct().toList();
  }
}
