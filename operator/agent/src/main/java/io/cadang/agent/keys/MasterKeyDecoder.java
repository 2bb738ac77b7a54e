package io.cadang.agent.keys;

import io.cadang.agent.keys.KeyException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Turns key material as found in a file or variable into the 32-byte master key. Accepted: hex or
 * base64 of 32 bytes (surrounding whitespace ignored), or exactly 32 raw bytes.
 *
 * <p>Text is tried first: 32 characters of hex or base64 are also 32 bytes long, and taking them as
 * a raw key would silently turn a mistyped 16-byte key into a valid-looking one. A random raw key
 * is all hex or base64 characters with probability below 2^-64, so real raw keys are unaffected.
 */
final class MasterKeyDecoder {
  static final int KEY_LENGTH = 32;

  private MasterKeyDecoder() {}

  /** {@code source} names where the material came from, e.g. {@code key file /etc/cadang/key}. */
  static byte[] decode(byte[] material, String source) throws KeyException {
    String text = new String(material, StandardCharsets.ISO_8859_1).strip();
    if (!text.isEmpty() && text.chars().allMatch(MasterKeyDecoder::isHexDigit)) {
      if (text.length() % 2 == 0) {
        return requireLength(HexFormat.of().parseHex(text), source, " (decoded from hex)");
      }
    }
    if (!text.isEmpty() && text.chars().allMatch(MasterKeyDecoder::isBase64Char)) {
      byte[] decoded = decodeBase64(text);
      if (decoded != null) {
        return requireLength(decoded, source, " (decoded from base64)");
      }
    }
    return requireLength(material.clone(), source, "");
  }

  private static byte[] decodeBase64(String text) {
    try {
      return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(text)
          : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] requireLength(byte[] key, String source, String how) throws KeyException {
    if (key.length != KEY_LENGTH) {
      int found = key.length;
      java.util.Arrays.fill(key, (byte) 0);
      throw new KeyException(
          Reason.INVALID_KEY_SOURCE,
          source + ": expected 32 bytes (raw, base64 or hex), found " + found + " bytes" + how);
    }
    return key;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isBase64Char(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '='
        || c == '-'
        || c == '_';
  }
}
