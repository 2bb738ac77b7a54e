package io.cadang.agent.repository;

import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed budget of part-sized byte arrays. Taking a buffer blocks while all of them are in use, so
 * a fast producer waits for uploads instead of growing the heap: this is the memory bound of an
 * upload. Arrays are allocated lazily (a small object never needs more than one) and reused.
 */
final class PartBuffers {
  private final int partSize;
  private final int capacity;
  private final BlockingQueue<byte[]> free;
  private int allocated;
  private int inUse;
  private int peakInUse;

  PartBuffers(int partSize, int capacity) {
    this.partSize = partSize;
    this.capacity = capacity;
    this.free = new ArrayBlockingQueue<>(capacity);
  }

  byte[] take() throws InterruptedIOException {
    byte[] buffer;
    synchronized (this) {
      buffer = free.poll();
      if (buffer == null && allocated < capacity) {
        allocated++;
        buffer = new byte[partSize];
      }
    }
    if (buffer == null) {
      try {
        buffer = free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for a part upload");
      }
    }
    synchronized (this) {
      inUse++;
      peakInUse = Math.max(peakInUse, inUse);
    }
    return buffer;
  }

  void release(byte[] buffer) {
    synchronized (this) {
      inUse--;
    }
    free.add(buffer);
  }

  synchronized int allocated() {
    return allocated;
  }

  synchronized int peakInUse() {
    return peakInUse;
  }

  int capacity() {
    return capacity;
  }
}
