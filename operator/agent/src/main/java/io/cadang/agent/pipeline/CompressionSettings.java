package io.cadang.agent.pipeline;

/**
 * zstd settings for artifacts.
 *
 * @param level zstd level (1 = fastest with Huffman literals; 3 = zstd's default)
 * @param workers compression threads; more than one lets compression run beside pg_dump
 */
public record CompressionSettings(int level, int workers) {
  public CompressionSettings {
    if (level < -7 || level > 19) {
      throw new IllegalArgumentException("zstd level must be between -7 and 19, got " + level);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("compression workers must be at least 1, got " + workers);
    }
  }

  /**
   * Level 1 in the pipeline thread. Measured on 2 cores: zstd's own worker threads compete with
   * pg_dump and the server backend and made the backup slower (zstd CLI: -T1 1.13 s, -T2 1.65 s for
   * a 194 MiB dump that pg_dump alone writes in 1.01 s); reading the pipe on a separate thread
   * gives the overlap instead.
   */
  public static CompressionSettings defaults() {
    return new CompressionSettings(1, 1);
  }
}
