package io.cadang.controller.pitr;

import io.cadang.api.v1alpha1.BackupMethod;
import io.cadang.api.v1alpha1.BackupPolicy;
import io.cadang.api.v1alpha1.Pitr;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy's point-in-time settings with their defaults applied, as a pure function of the spec.
 * The schema already applies defaults on a real API server; they are repeated here because the mock
 * API server (and an object written before the field existed) has none.
 */
public record PitrSettings(boolean enabled, String slot, Duration targetRpo, Duration interval) {
  static final Duration DEFAULT_RPO = Duration.ofMinutes(5);
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  public static PitrSettings of(BackupPolicy policy) {
    Pitr pitr = policy.getSpec() == null ? null : policy.getSpec().getPitr();
    boolean physical =
        policy.getSpec() != null && policy.getSpec().getMethod() == BackupMethod.PHYSICAL;
    boolean enabled = physical && pitr != null && Boolean.TRUE.equals(pitr.getEnabled());
    String slot =
        pitr != null && pitr.getSlotName() != null
            ? pitr.getSlotName()
            : defaultSlot(policy.getMetadata().getName());
    return new PitrSettings(
        enabled,
        slot,
        pitr == null ? DEFAULT_RPO : duration(pitr.getTargetRpo(), DEFAULT_RPO),
        pitr == null
            ? DEFAULT_INTERVAL
            : duration(pitr.getPartialUploadInterval(), DEFAULT_INTERVAL));
  }

  /** cadang_&lt;policy&gt; with '-' and '.' → '_': slot names allow only [a-z0-9_], 63 chars. */
  public static String defaultSlot(String policy) {
    String slot = "cadang_" + policy.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return slot.length() > 63 ? slot.substring(0, 63) : slot;
  }

  /**
   * Parses 30s, 5m, 1h30m, 500ms; anything else (the schema refuses it on a real cluster) yields
   * the fallback rather than failing the whole policy.
   */
  public static Duration duration(String text, Duration fallback) {
    if (text == null || text.isBlank() || !text.matches("^(" + PART.pattern() + ")+$")) {
      return fallback;
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
    }
    return total.isZero() ? fallback : total;
  }

  /** The CLI spelling of the interval, e.g. 10s (whole seconds; at least 1). */
  public String intervalArg() {
    return Math.max(1, interval.toSeconds()) + "s";
  }
}
