package io.cadang.agent.physical;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Extracts a base backup's tar stream into an empty data directory as the bytes arrive (it is the
 * sink of the verifying artifact reader). Safe against a hostile archive: every name must stay
 * inside the directory (no absolute paths, no {@code ..}), links are refused (a base backup without
 * tablespaces has none), files are created new (never through or over an existing path), modes are
 * kept (masked to permission bits) and, when an owner is given, files belong to the OS user that
 * will run PostgreSQL.
 */
final class TarExtractor extends OutputStream {
  private final Path root;
  private final UserPrincipal owner;
  private final GroupPrincipal group;
  private final byte[] header = new byte[TarHeader.BLOCK];
  private int headerFill;
  private long dataLeft;
  private long payloadLeft;
  private FileChannel current;
  private int zeroBlocks;
  private long files;
  private long bytes;

  /**
   * @param root the data directory, existing and empty
   * @param owner the OS user to own the files, or null to keep the current user
   */
  TarExtractor(Path root, UserPrincipal owner, GroupPrincipal group) {
    this.root = root.toAbsolutePath().normalize();
    this.owner = owner;
    this.group = group;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      if (dataLeft > 0) {
        int take = (int) Math.min(dataLeft, end - i);
        int payload = (int) Math.min(payloadLeft, take);
        if (payload > 0) {
          ByteBuffer buf = ByteBuffer.wrap(b, i, payload);
          while (buf.hasRemaining()) {
            current.write(buf);
          }
          bytes += payload;
          payloadLeft -= payload;
        }
        dataLeft -= take;
        i += take;
        if (dataLeft == 0) {
          closeCurrent();
        }
        continue;
      }
      if (zeroBlocks >= 2) {
        // Anything after the end-of-archive marker is tar padding; it must be zeros.
        for (; i < end; i++) {
          if (b[i] != 0) {
            throw new IOException("the base backup has data after its end-of-archive marker");
          }
        }
        return;
      }
      int take = Math.min(TarHeader.BLOCK - headerFill, end - i);
      System.arraycopy(b, i, header, headerFill, take);
      headerFill += take;
      i += take;
      if (headerFill == TarHeader.BLOCK) {
        headerFill = 0;
        onHeader();
      }
    }
  }

  private void onHeader() throws IOException {
    if (TarHeader.isZeroBlock(header)) {
      zeroBlocks++;
      return;
    }
    if (zeroBlocks > 0) {
      throw new IOException("the base backup has a zero block in the middle of its tar stream");
    }
    TarHeader h;
    try {
      h = TarHeader.parse(header);
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage());
    }
    Path target = resolve(h.name());
    Set<PosixFilePermission> mode = permissions(h.mode());
    if (h.type() == TarHeader.DIRECTORY) {
      if (!target.equals(root)) {
        Files.createDirectories(target.getParent());
        if (!Files.isDirectory(target)) {
          Files.createDirectory(target);
        }
        own(target, mode);
      }
      return;
    }
    if (!h.isFile()) {
      throw new IOException(
          "the base backup holds '"
              + h.name()
              + "' of tar type '"
              + h.type()
              + "'; only files and directories are restored (tablespaces are not supported)");
    }
    Files.createDirectories(target.getParent());
    current =
        FileChannel.open(
            target, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    own(target, mode);
    files++;
    payloadLeft = h.size();
    dataLeft = h.paddedSize();
    if (dataLeft == 0) {
      closeCurrent();
    }
  }

  /** Maps an archive name into the root, refusing anything that would land outside it. */
  Path resolve(String name) throws IOException {
    String clean = name;
    while (clean.startsWith("./")) {
      clean = clean.substring(2);
    }
    if (clean.isEmpty() || clean.equals(".")) {
      return root;
    }
    if (clean.startsWith("/") || clean.contains("\0")) {
      throw new IOException("the base backup holds an unsafe path '" + name + "'");
    }
    for (String part : clean.split("/")) {
      if (part.equals("..")) {
        throw new IOException("the base backup holds an unsafe path '" + name + "'");
      }
    }
    Path target = root.resolve(clean).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IOException("the base backup holds an unsafe path '" + name + "'");
    }
    return target;
  }

  private void own(Path target, Set<PosixFilePermission> mode) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (owner != null) {
      view.setOwner(owner);
      view.setGroup(group);
    }
    view.setPermissions(mode);
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** Throws unless the stream ended exactly at the tar's end-of-archive marker. */
  void finish() throws IOException {
    closeCurrent();
    if (zeroBlocks < 2 || dataLeft != 0 || headerFill != 0) {
      throw new IOException("the base backup's tar stream is truncated");
    }
    if (owner != null) {
      // Parents created on the way (should an archive omit a directory entry) belong to us too.
      try (var walk = Files.walk(root)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
          view.setOwner(owner);
          view.setGroup(group);
        }
      }
    }
  }

  long files() {
    return files;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }
}
