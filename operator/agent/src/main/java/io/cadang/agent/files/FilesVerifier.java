package io.cadang.agent.files;

import io.cadang.agent.backup.BackupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a tree on disk against a backup's index: every regular file's SHA-256, every symlink's
 * target, that directories and other entries exist. The tree is read by GNU tar and hashed by the
 * same parser as the backup, not walked with java.nio: Java's file APIs turn a name that is not
 * valid UTF-8 into text lossily (and the JVM's file name encoding cannot be changed at run time in
 * Java 17), while tar hands the names over as the exact bytes, so every file is verified under its
 * real name. Files on disk that the backup does not know are ignored (an --overwrite restore may
 * leave them).
 */
final class FilesVerifier {
  static final int KEPT_MISMATCHES = 10;

  private final Map<String, FileEntry> index;
  private final Set<String> linkGroups = new HashSet<>();
  private final Map<String, String> restoredLinkGroupSha = new HashMap<>();
  private final Set<String> seen = new HashSet<>();
  private final List<FilesRestoreReport.Mismatch> mismatches = new ArrayList<>();
  private long mismatchCount;
  private long verifiedFiles;

  /**
   * @param index the backup's entries by {@link FileEntry#key()}
   */
  FilesVerifier(Map<String, FileEntry> index) {
    this.index = index;
    for (FileEntry e : index.values()) {
      if (e.type() == FileEntry.Type.HARDLINK && e.rawLinkTarget() != null) {
        linkGroups.add(e.key());
        linkGroups.add(FileEntry.key(e.rawLinkTarget()));
      }
    }
  }

  /** Reads the tree under {@code target} and compares; the findings are then in the getters. */
  void verify(Path target) throws BackupException, IOException {
    TarStreamParser parser = new TarStreamParser(this::restored);
    try (TarProcess tar = TarProcess.start(TarCommands.create(target, List.of("."), List.of()))) {
      tar.stdin().close();
      byte[] buffer = new byte[1 << 20];
      try (InputStream in = tar.stdout()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          parser.accept(buffer, 0, n);
        }
      }
      tar.awaitTolerated("reading the restored tree " + target);
      parser.finish();
    }
    for (FileEntry e : index.values()) {
      if (!seen.contains(e.key())) {
        problem(e, "missing");
      }
    }
  }

  private void restored(FileEntry r) {
    String key = r.key();
    String sha = r.sha256();
    if (r.type() == FileEntry.Type.HARDLINK && r.rawLinkTarget() != null) {
      sha = restoredLinkGroupSha.get(FileEntry.key(r.rawLinkTarget()));
    }
    if (sha != null && linkGroups.contains(key)) {
      restoredLinkGroupSha.put(key, sha);
    }
    FileEntry expected = index.get(key);
    if (expected == null) {
      return;
    }
    seen.add(key);
    switch (expected.type()) {
      case FILE, HARDLINK -> content(expected, r, sha);
      case SYMLINK -> {
        if (r.type() != FileEntry.Type.SYMLINK) {
          problem(expected, "is a " + r.type().json() + ", expected a symlink");
        } else if (!java.util.Arrays.equals(expected.rawLinkTarget(), r.rawLinkTarget())) {
          problem(expected, "symlink points elsewhere");
        }
      }
      default -> {
        if (r.type() != expected.type()) {
          problem(expected, "is a " + r.type().json() + ", expected a " + expected.type().json());
        }
      }
    }
  }

  private void content(FileEntry expected, FileEntry r, String actual) {
    if (r.type() != FileEntry.Type.FILE && r.type() != FileEntry.Type.HARDLINK) {
      problem(expected, "is a " + r.type().json() + ", expected a regular file");
      return;
    }
    String wanted = expected.sha256();
    if (expected.type() == FileEntry.Type.HARDLINK) {
      FileEntry target =
          expected.rawLinkTarget() == null
              ? null
              : index.get(FileEntry.key(expected.rawLinkTarget()));
      wanted = target == null ? null : target.sha256();
    }
    if (wanted == null || actual == null) {
      problem(expected, "content cannot be checked (hard link target unknown)");
    } else if (!wanted.equals(actual)) {
      problem(
          expected,
          "content differs: sha256 "
              + actual.substring(0, 16)
              + "…, expected "
              + wanted.substring(0, 16)
              + "…");
    } else if (expected.type() == FileEntry.Type.FILE) {
      verifiedFiles++;
    }
  }

  private void problem(FileEntry e, String what) {
    mismatchCount++;
    if (mismatches.size() < KEPT_MISMATCHES) {
      mismatches.add(new FilesRestoreReport.Mismatch(e.displayPath(), what));
    }
  }

  List<FilesRestoreReport.Mismatch> mismatches() {
    return List.copyOf(mismatches);
  }

  long mismatchCount() {
    return mismatchCount;
  }

  long verifiedFiles() {
    return verifiedFiles;
  }
}
