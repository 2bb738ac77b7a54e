package io.cadang.agent.repository;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** An upload into a temp file; commit = flush, fsync, atomic rename, fsync directories. */
final class FileObjectUpload extends ObjectUpload {
  private final FileRepository repository;
  private final Path temp;
  private final Path target;
  private final FileChannel channel;
  private final OutputStream out;
  private long written;
  private boolean committed;
  private boolean aborted;

  FileObjectUpload(FileRepository repository, Path temp, Path target) throws IOException {
    this.repository = repository;
    this.temp = temp;
    this.target = target;
    this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    out.write(b);
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    out.write(b, off, len);
    written += len;
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    out.flush();
  }

  @Override
  public long commit() throws IOException {
    ensureOpen();
    try {
      out.flush();
      channel.force(true);
      channel.close();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      repository.syncDirectories(target.getParent());
      committed = true;
      return written;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (committed || aborted) {
      return;
    }
    aborted = true;
    try {
      channel.close();
    } catch (IOException e) {
      // The temp file is being discarded; a close failure changes nothing.
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Leftover .tmp- files are invisible to list() and open(); nothing more to do here.
    }
  }

  @Override
  public void close() {
    abort();
  }

  private void ensureOpen() throws IOException {
    if (committed || aborted) {
      throw new IOException("upload of " + target.getFileName() + " is already finished");
    }
  }
}
