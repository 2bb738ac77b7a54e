package io.cadang.controller.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic names for scheduled runs: {@code <policy>-<yyyyMMddHHmm>}, so a retry or a restart
 * finds the run it already created instead of creating a second one.
 *
 * <p>The timestamp is in UTC, not the policy's zone: UTC labels never repeat or jump at DST changes
 * and read the same to everyone. The name is a valid DNS-1123 label of at most 63 characters
 * because the run's Job carries the same name and Kubernetes puts Job names in label values. A
 * policy name that is too long or holds dots keeps a readable prefix plus a hash of the full name,
 * so two long names sharing a prefix still get different runs.
 */
public final class RunNames {
  public static final int MAX_LENGTH = 63;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int STAMP_LENGTH = 1 + 12;
  private static final int HASH_LENGTH = 8;

  private RunNames() {}

  public static String forSlot(String policyName, Instant slot) {
    String suffix = "-" + STAMP.format(slot);
    int room = MAX_LENGTH - STAMP_LENGTH;
    if (policyName.length() <= room && isLabel(policyName)) {
      return policyName + suffix;
    }
    String prefix = policyName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    prefix = prefix.substring(0, Math.min(prefix.length(), room - 1 - HASH_LENGTH));
    prefix = prefix.replaceAll("^-+|-+$", "");
    String hash = sha256Hex(policyName).substring(0, HASH_LENGTH);
    return (prefix.isEmpty() ? "" : prefix + "-") + hash + suffix;
  }

  /** True for a DNS-1123 label: lower-case letters, digits and '-', alphanumeric at both ends. */
  static boolean isLabel(String name) {
    return name.length() <= MAX_LENGTH && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
