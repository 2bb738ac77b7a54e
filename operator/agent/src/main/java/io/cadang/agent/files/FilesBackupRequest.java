package io.cadang.agent.files;

import io.cadang.agent.pipeline.CompressionSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * @param root the directory to back up from (in a Job: the claim, mounted read-only)
 * @param paths paths relative to the root; empty means the whole root
 * @param excludes GNU tar glob patterns, matched against every member name at any depth
 * @param backupId the requested id, or null to generate one
 */
public record FilesBackupRequest(
    Path root,
    List<String> paths,
    List<String> excludes,
    String backupId,
    CompressionSettings compression) {

  public FilesBackupRequest {
    paths = paths == null || paths.isEmpty() ? List.of(".") : List.copyOf(paths);
    excludes = excludes == null ? List.of() : List.copyOf(excludes);
  }
}
