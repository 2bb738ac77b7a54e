package io.cadang.agent.files;

import java.io.IOException;

/** Sends each archived member to the index and keeps the totals the manifest reports. */
final class IndexCounter implements TarStreamParser.Listener {
  private final IndexUpload index;
  private long entries;
  private long regularFiles;
  private long bytes;

  IndexCounter(IndexUpload index) {
    this.index = index;
  }

  @Override
  public void entry(FileEntry entry) throws IOException {
    entries++;
    if (entry.type() == FileEntry.Type.FILE) {
      regularFiles++;
      bytes += entry.size();
    }
    index.add(entry);
  }

  long entries() {
    return entries;
  }

  long regularFiles() {
    return regularFiles;
  }

  long bytes() {
    return bytes;
  }
}
