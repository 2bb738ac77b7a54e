package io.cadang.agent.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a files restore did and what verification found.
 *
 * @param restored archive members extracted (0 in verify-only mode)
 * @param verifiedFiles regular files whose content matched the index
 * @param mismatches the first {@link FilesVerifier#KEPT_MISMATCHES} problems
 * @param mismatchCount every problem found
 */
public record FilesRestoreReport(
    String backupId,
    Path target,
    long restored,
    long verifiedFiles,
    List<Mismatch> mismatches,
    long mismatchCount,
    Duration duration) {

  /** One entry of the index the restored tree does not match. */
  public record Mismatch(String path, String problem) {}

  public boolean verified() {
    return mismatchCount == 0;
  }
}
