package io.cadang.api.v1alpha1;

import java.time.Duration;
import java.util.Optional;

/**
 * The API's short duration syntax: a whole number and one unit, {@code s}, {@code m}, {@code h} or
 * {@code d} (e.g. 30s, 5m, 720h, 400d). The CRD schemas enforce each field's pattern; this parses
 * what they admit.
 */
public final class ShortDuration {
  private ShortDuration() {}

  /** Empty for null, blank or text that is not a short duration. */
  public static Optional<Duration> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    try {
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      if (n <= 0) {
        return Optional.empty();
      }
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Optional.of(Duration.ofSeconds(n));
        case 'm' -> Optional.of(Duration.ofMinutes(n));
        case 'h' -> Optional.of(Duration.ofHours(n));
        case 'd' -> Optional.of(Duration.ofDays(n));
        default -> Optional.empty();
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }
}
