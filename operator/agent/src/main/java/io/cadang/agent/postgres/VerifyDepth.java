package io.cadang.agent.postgres;

import java.util.Locale;

/**
 * How much of each table a backup records for the restore to compare: its exact row count, or also
 * a content checksum over every row (see {@link PgCatalog#tableContents}).
 */
public enum VerifyDepth {
  COUNTS,
  CHECKSUMS;

  /** Parses {@code counts} or {@code checksums} in any case. */
  public static VerifyDepth parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "counts" -> COUNTS;
      case "checksums" -> CHECKSUMS;
      default ->
          throw new IllegalArgumentException(
              "verify depth must be counts or checksums, got '" + value + "'");
    };
  }
}
