package io.cadang.agent.files;

import io.cadang.agent.backup.BackupException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The directory a files restore writes into: created when missing, refused when it holds anything
 * (unless the user said --overwrite), and emptied again when a restore into it fails. Paths here
 * come from directory listings, which keep raw name bytes on Linux, so names that are not UTF-8 are
 * deleted correctly too.
 */
final class TargetDirectory {
  private TargetDirectory() {}

  /** Makes the target ready; true when it was empty (or new), so a failure may empty it again. */
  static boolean prepare(Path target, boolean overwrite) throws BackupException, IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new BackupException("restore target " + target + " exists and is not a directory");
    }
    Files.createDirectories(target);
    boolean empty;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      empty = !entries.iterator().hasNext();
    }
    if (!empty && !overwrite) {
      throw new BackupException(
          "restore target "
              + target
              + " is not empty; restore into an empty directory, or pass --overwrite to replace"
              + " files in it");
    }
    return empty;
  }

  /** Removes everything below the target, keeping the target itself. */
  static void empty(Path target) throws IOException {
    Files.walkFileTree(
        target,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (!dir.equals(target)) {
              Files.delete(dir);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
