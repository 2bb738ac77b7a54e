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

  public static CompressionSettings defaults() {
    return new CompressionSettings(1, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }
}
