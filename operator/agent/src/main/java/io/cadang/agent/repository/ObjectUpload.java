package io.cadang.agent.repository;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streaming upload. Write the bytes, then {@link #commit()}; on any failure call {@link #abort()}
 * (also called by {@link #close()} when not committed), which removes every partial byte.
 */
public abstract class ObjectUpload extends OutputStream {

  /** Makes the object durable and visible; returns the number of bytes stored. */
  public abstract long commit() throws IOException;

  /** Discards the partial object. Safe to call more than once and after a failed commit. */
  public abstract void abort();

  /** Aborts the upload unless it was committed. */
  @Override
  public abstract void close() throws IOException;
}
