package io.cadang.agent.files;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks every member of an archive before tar may extract it, so nothing lands outside the target
 * even if the archive were hostile (it is authenticated, so that would take the key; this is the
 * second wall): no absolute name, no {@code ..} segment, no hard link to such a name, and no member
 * below an earlier symlink member (the classic "link to /etc, then write link/passwd" trick).
 * Symlinks themselves may point anywhere: they are data, restored as they were.
 */
final class SafeMembers implements TarStreamParser.Listener {
  private final Set<String> symlinks = new HashSet<>();
  private long entries;

  @Override
  public void member(byte[] path, FileEntry.Type type, byte[] linkTarget) throws IOException {
    check(path);
    if (path.length == 1 && path[0] == '.' && type != FileEntry.Type.DIR) {
      throw unsafe(path, "the root must be a directory");
    }
    if (type == FileEntry.Type.HARDLINK) {
      if (linkTarget == null) {
        throw unsafe(path, "hard link without a target");
      }
      check(linkTarget);
      belowSymlink(linkTarget);
    }
    belowSymlink(path);
    if (type == FileEntry.Type.SYMLINK) {
      symlinks.add(FileEntry.key(path));
    }
  }

  @Override
  public void entry(FileEntry entry) {
    entries++;
  }

  long entries() {
    return entries;
  }

  private static void check(byte[] name) throws IOException {
    if (name.length == 0 || name[0] == '/') {
      throw unsafe(name, "absolute path");
    }
    int start = 0;
    for (int i = 0; i <= name.length; i++) {
      if (i == name.length || name[i] == '/') {
        if (i - start == 2 && name[start] == '.' && name[start + 1] == '.') {
          throw unsafe(name, "'..' segment");
        }
        start = i + 1;
      }
    }
  }

  private void belowSymlink(byte[] name) throws IOException {
    for (int i = 0; i < name.length; i++) {
      if (name[i] == '/' && symlinks.contains(FileEntry.key(java.util.Arrays.copyOf(name, i)))) {
        throw unsafe(name, "inside a symlink member");
      }
    }
  }

  private static IOException unsafe(byte[] name, String why) {
    return new IOException(
        "the archive holds an unsafe path '" + FileEntry.display(name) + "' (" + why + ")");
  }
}
