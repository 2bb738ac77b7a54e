package io.cadang.agent.repository;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The one copy-and-verify primitive between two repositories, shared by the copy of backups to a
 * replica and the replication of the WAL archive: an object is streamed exactly as stored (one 256
 * KiB buffer plus the upload's part buffers, whatever its size), hashed on the way and aborted
 * before commit when the source bytes do not match what was recorded for them; after commit it is
 * read back from the target in full and compared by size and SHA-256. What to do with an object
 * already in the target (keep, replace, refuse) is the caller's policy, decided with {@link
 * #digestIfPresent}.
 */
public final class VerifiedCopy {
  private static final int BUFFER = 256 * 1024;

  private VerifiedCopy() {}

  /**
   * Streams {@code key} from {@code source} into {@code target} and commits only when the bytes
   * read match {@code wanted}; returns the bytes copied.
   *
   * @param recordedIn what {@code wanted} comes from, for the message (e.g. "its manifest")
   */
  public static long stream(
      Repository source, Repository target, String key, StoredDigest wanted, String recordedIn)
      throws IOException {
    MessageDigest digest = StoredDigest.newDigest();
    long size = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = source.open(key);
        ObjectUpload upload = target.create(key)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        upload.write(buffer, 0, n);
        size += n;
      }
      StoredDigest read = new StoredDigest(size, HexFormat.of().formatHex(digest.digest()));
      if (!read.equals(wanted)) {
        // Closing without commit aborts: a corrupt source object must not spread.
        throw new ReplicaVerificationException(
            key
                + " in the primary does not match "
                + recordedIn
                + " (size "
                + read.size()
                + " vs "
                + wanted.size()
                + "): not copied");
      }
      upload.commit();
    }
    return size;
  }

  /** Reads {@code key} back from {@code target} in full; anything but {@code wanted} throws. */
  public static void verify(Repository target, String key, StoredDigest wanted) throws IOException {
    StoredDigest stored = digestIfPresent(target, key, wanted.size());
    if (!wanted.equals(stored)) {
      throw new ReplicaVerificationException(
          key
              + " read back from "
              + target.describe()
              + (stored == null
                  ? " is missing"
                  : " has size " + stored.size() + " and sha256 " + stored.sha256())
              + ", expected size "
              + wanted.size()
              + " and sha256 "
              + wanted.sha256());
    }
  }

  /** Writes a small object in one call, then reads it back like {@link #verify}. */
  public static void putVerified(Repository target, String key, byte[] content) throws IOException {
    target.put(key, content);
    verify(target, key, StoredDigest.of(content));
  }

  /**
   * The target's copy, read back in full only when its size is right (a wrong size already decides,
   * and its hash is then reported as not read); null when absent.
   */
  public static StoredDigest digestIfPresent(Repository target, String key, long wantedSize)
      throws IOException {
    try {
      long size = target.stat(key).size();
      if (size != wantedSize) {
        return new StoredDigest(size, "(not read: wrong size)");
      }
      return StoredDigest.of(target, key);
    } catch (ObjectNotFoundException e) {
      return null;
    }
  }
}
