package io.cadang.app;

import io.cadang.agent.files.FilesRestore;
import io.cadang.agent.files.FilesRestoreReport;
import io.cadang.agent.files.FilesRestoreRequest;
import io.cadang.agent.keys.KeyProvider;
import io.cadang.agent.repository.Repository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of {@code cadang restore --files-into} and the run they start (docs/files.md). */
final class FilesRestoreOptions {
  @Option(
      names = "--files-into",
      paramLabel = "DIR",
      description =
          "Restore a files backup into DIR (must be empty unless --overwrite), then verify every"
              + " file's SHA-256 against the backup's index (exit 3 on a mismatch).")
  Path into;

  @Option(
      names = "--sub-path",
      paramLabel = "S",
      description = "With --files-into: restore into DIR/S (relative, no '..') instead.")
  String subPath;

  @Option(
      names = "--verify-only",
      description = "With --files-into: extract nothing, only verify the tree already there.")
  boolean verifyOnly;

  boolean requested() {
    return into != null;
  }

  String strayOption() {
    if (into == null && subPath != null) {
      return "--sub-path";
    }
    if (into == null && verifyOnly) {
      return "--verify-only";
    }
    return null;
  }

  FilesRestoreReport run(
      Repository repo,
      KeyProvider keys,
      String backupRef,
      boolean overwrite,
      Duration progressInterval,
      PrintWriter out)
      throws Exception {
    FilesRestoreReport r =
        new FilesRestore(repo, keys, progressInterval)
            .run(new FilesRestoreRequest(backupRef, into, subPath, overwrite, verifyOnly));
    out.printf(
        "%s backup %s %s %s in %.1f s: %d entries restored, %d files verified, %s%n",
        verifyOnly ? "verified" : "restored",
        r.backupId(),
        verifyOnly ? "against" : "into",
        r.target(),
        r.duration().toMillis() / 1000.0,
        r.restored(),
        r.verifiedFiles(),
        r.verified() ? "all checksums match" : r.mismatchCount() + " MISMATCH(ES)");
    for (FilesRestoreReport.Mismatch m : r.mismatches()) {
      out.printf("  MISMATCH %s: %s%n", m.path(), m.problem());
    }
    if (r.mismatchCount() > r.mismatches().size()) {
      out.printf("  … and %d more%n", r.mismatchCount() - r.mismatches().size());
    }
    return r;
  }
}
